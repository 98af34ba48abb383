// Package mq is the consumer contract that the broker packages under
// reference/mq share: rabbitmq, kafka and sqs.
//
// Whatever the broker, a consumer built on these packages
//
//   - calls a handler, func(ctx, Delivery) error, or with group commit a
//     transactional handler, func(ctx, *sql.Tx, Delivery) error, or one for
//     a whole batch, func(ctx, *sql.Tx, []Delivery) error, whose effects
//     commit with the messages' idempotency keys (package idempotency,
//     through GroupCommit);
//   - acknowledges a message (basic.ack, an offset commit, DeleteMessage)
//     only after the handler returned nil, or after the transaction that
//     holds its effect committed;
//   - retries a failed message with growing delays, carrying the attempt
//     number in HeaderAttempt, and after the last attempt, or at once for an
//     error wrapped by Poison, moves it to the broker's dead-letter
//     destination with HeaderDeadLetterReason, HeaderLastError and
//     HeaderFirstFailure;
//   - turns a handler panic into a *PanicError, a retryable failure;
//   - shuts down when its context ends: it stops intake, lets running
//     handlers finish within a deadline (ErrShutdownTimeout when they do
//     not) and hands back what it did not finish;
//   - reports what it did with every message to an Observer, for metrics.
//
// Brokers differ in what they can promise. RabbitMQ and SQS standard queues
// reorder and duplicate; a Kafka partition and an SQS FIFO message group
// keep order until a retry moves a message out of line. Each broker
// package's documentation says where, and the message-queue skill shows the
// workarounds.
package mq
