// Package rabbitmq publishes and consumes RabbitMQ messages so that none is
// lost and, together with an idempotent handler, none takes effect twice.
//
// It is a reference implementation on github.com/rabbitmq/amqp091-go:
//
//   - Publisher sends persistent messages with the mandatory flag and tracks
//     publisher confirms as a bounded asynchronous window instead of one
//     round trip per message. An unroutable message fails with
//     ErrUnroutable; a nacked message, and every message whose confirm was
//     lost with the connection, is sent again after reconnecting with
//     backoff. Every message carries an ID and an idempotency key.
//   - Topology declares a durable (quorum by default) work queue, retry
//     queues whose TTL grows from attempt to attempt and which dead-letter
//     back into the work queue, and a dead-letter exchange and a classic
//     dead-letter queue, which no delivery limit can empty.
//   - Consumer keeps package mq's consumer contract, which the kafka and sqs
//     packages share: it acknowledges a message only after its Handler
//     returned nil, sends failures to the retry queue of their attempt
//     (mq.HeaderAttempt) or, after the last attempt or an error wrapped by
//     mq.Poison, to the dead-letter queue with mq.HeaderLastError, recovers
//     panics, reconnects after connection or channel loss, and shuts down
//     gracefully. NewTxConsumer handles deliveries that arrived together in
//     one transaction of the idempotency store (group commit) and
//     acknowledges them after its commit; NewBulkTxConsumer does so with
//     one handler call per batch.
//   - InspectDeadLetters and ReplayDeadLetters (and the command
//     reference/mq/cmd/mqdlq) look at and move back dead letters, without
//     ever requeueing one.
//
// # Delivery guarantees
//
// RabbitMQ delivers at least once. Duplicates arise after the publisher: a
// confirm lost with the connection makes the Publisher send the message
// again; an ack lost with the connection makes the broker deliver it again;
// a dead-letter replay sends it again. Deduplicating on the publisher (an
// in-memory set of sent keys) sees none of these. Deduplicate in the
// consumer instead, keyed by the message's idempotency key and committed in
// the same transaction as the handler's effect: see package
// reference/mq/idempotency.
//
// # Why not amqp091-go's automatic recovery
//
// amqp091-go has opt-in automatic connection recovery, marked experimental.
// On recovery it resets the confirm sequence and reports pending deferred
// confirmations as nacks, so a publisher must still know which messages to
// send again. Publisher keeps that bookkeeping itself and reconnects by
// hand, which keeps the republishing rule in one visible place.
//
// # Pitfalls this package handles
//
//   - A Notify channel that is not drained blocks amqp091-go's reader
//     (rabbitmq/amqp091-go#21, #32); since v1.13 the reader gives up after
//     five seconds and the notification, a confirm say, is silently lost.
//     Publisher buffers its channels to the window size, which no more
//     notifications can be outstanding than, and one goroutine drains them.
//   - basic.return and basic.ack arrive on different Go channels. RabbitMQ
//     sends the return first and amqp091-go delivers both from its reader
//     goroutine, so Publisher drains returns before it resolves each ack.
//   - Publishing to a missing exchange closes the channel. Publisher checks
//     an exchange passively before its first use on a channel and fails the
//     message with ErrExchangeNotFound instead of retrying forever.
//   - A failed retry publish answered with Nack(requeue) is a hot loop that
//     on RabbitMQ 4.3 and later not even the delivery limit ends (a nack no
//     longer counts towards it). The Consumer holds such a message, backs
//     off, declares the topology again (a deleted retry queue makes every
//     publish to it unroutable) and publishes again.
//   - Dead-lettering is at most once unless a quorum queue asks for
//     at-least-once; Topology does so for its retry queues.
//   - A quorum queue may ignore acks sent just before its channel closes
//     (rabbitmq/rabbitmq-server#10327) and redeliver those messages after a
//     graceful shutdown; the idempotent handler absorbs them. No client-side
//     barrier was found that prevents it (a synchronous call on the channel
//     before closing it did not).
//   - A quorum queue's delivery limit dead-letters messages that crash the
//     consumer before any handler can fail them; Topology sets it (20 by
//     default) and routes those messages to the same dead-letter queue.
package rabbitmq
