package rabbitmq

import (
	"context"
	"errors"
	"fmt"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// QueueType is the x-queue-type of the declared queues.
type QueueType string

// Queue types. Quorum queues are replicated and confirm a message only once a
// majority of nodes stored it; classic queues live on one node.
const (
	Quorum  QueueType = "quorum"
	Classic QueueType = "classic"
)

// Topology describes a work queue with retries and a dead-letter queue:
//
//	publisher ──► Queue ──► Consumer ──ok──► ack
//	                ▲          │ retryable error, attempt n < MaxAttempts
//	                │          ▼
//	                └── Queue.retry.n (TTL RetryDelays[n-1], then dead-lettered back)
//	                           │ poison error or last attempt failed
//	                           ▼
//	                Queue.dlx (exchange) ──► Queue.dlq (classic)
//
// The Consumer republishes a failed message to the retry queue of its
// attempt with HeaderAttempt incremented; the broker holds it there for the
// queue's message TTL and then dead-letters it back to the work queue. Each
// retry queue has a single TTL, so no message waits behind a longer one.
// After the last attempt, or at once for a poison error, the message goes to
// the dead-letter queue with HeaderLastError. The work queue also
// dead-letters to Queue.dlx itself, so messages the broker gives up on
// (quorum delivery limit, rejection) land in the same DLQ.
//
// The dead-letter queue is a classic queue whatever Type says. A dead letter
// must stay until someone replays or discards it, and a quorum queue cannot
// promise that on every version: since RabbitMQ 4.0 it has a delivery limit
// of 20 even when none is declared, and drops a message past it unless the
// queue dead-letters it elsewhere, which only moves the question to another
// queue; no x-delivery-limit value means "no limit" on both 3.x and 4.x (on
// 3.10, -1 drops a message at its first return). A classic queue has no
// delivery limit. The price is replication: in a cluster the DLQ lives on
// one node. The tools in this package read it without requeueing (see
// InspectDeadLetters).
//
// Declare is idempotent: declaring the same Topology again changes nothing.
// Declaring it with different settings for an existing queue fails with the
// broker's PRECONDITION_FAILED error; such a change needs a migration.
type Topology struct {
	// Queue is the work queue's name. Required.
	Queue string
	// Type is the type of the work queue and the retry queues. Empty means
	// Quorum. The dead-letter queue is always Classic.
	Type QueueType
	// RetryDelays are the delays before attempts 2, 3, …; the message is
	// tried len(RetryDelays)+1 times in all. Nil means 1s, 10s, 1m, 10m
	// (five attempts); an empty non-nil slice means no retries.
	RetryDelays []time.Duration
	// DeliveryLimit is the quorum queue's x-delivery-limit: after that many
	// redeliveries without an ack (consumer crashes, lost connections) the
	// broker dead-letters the message to the DLQ. It is a safety net for
	// messages that crash the consumer process before a handler can fail.
	// Zero means 20. Negative means none is declared: no limit on RabbitMQ
	// 3.x, the broker's default of 20 on 4.0 and later. Ignored for classic
	// queues.
	DeliveryLimit int
}

var defaultRetryDelays = []time.Duration{time.Second, 10 * time.Second, time.Minute, 10 * time.Minute}

func (t Topology) queueType() QueueType {
	if t.Type == "" {
		return Quorum
	}
	return t.Type
}

func (t Topology) retryDelays() []time.Duration {
	if t.RetryDelays == nil {
		return defaultRetryDelays
	}
	return t.RetryDelays
}

// MaxAttempts is how often a message is handed to the handler before it is
// dead-lettered: len(RetryDelays)+1.
func (t Topology) MaxAttempts() int { return len(t.retryDelays()) + 1 }

// DeadLetterExchange is the name of the exchange that routes to the DLQ.
func (t Topology) DeadLetterExchange() string { return t.Queue + ".dlx" }

// DeadLetterQueue is the name of the dead-letter queue.
func (t Topology) DeadLetterQueue() string { return t.Queue + ".dlq" }

// RetryQueue is the name of the queue that holds messages between attempt n
// and n+1 (n starts at 1).
func (t Topology) RetryQueue(n int) string { return fmt.Sprintf("%s.retry.%d", t.Queue, n) }

// Declare declares the exchanges and queues on a channel of its own, so that
// a failed declaration cannot close a channel the caller uses.
func (t Topology) Declare(ctx context.Context, conn *amqp.Connection) error {
	if t.Queue == "" {
		return errors.New("rabbitmq: topology needs a queue name")
	}
	if err := withChannel(ctx, conn, t.declare); err != nil {
		return fmt.Errorf("rabbitmq: declare topology for %q: %w", t.Queue, err)
	}
	return nil
}

func (t Topology) declare(ch *amqp.Channel) error {
	qt := t.queueType()
	dlx, dlq := t.DeadLetterExchange(), t.DeadLetterQueue()
	if err := ch.ExchangeDeclare(dlx, amqp.ExchangeDirect, true, false, false, false, nil); err != nil {
		return err
	}
	if _, err := ch.QueueDeclare(dlq, true, false, false, false, amqp.Table{amqp.QueueTypeArg: string(Classic)}); err != nil {
		return err
	}
	if err := ch.QueueBind(dlq, t.Queue, dlx, false, nil); err != nil {
		return err
	}

	work := amqp.Table{
		amqp.QueueTypeArg:           string(qt),
		"x-dead-letter-exchange":    dlx,
		"x-dead-letter-routing-key": t.Queue,
	}
	if qt == Quorum {
		limit := t.DeliveryLimit
		if limit == 0 {
			limit = 20
		}
		if limit > 0 {
			work["x-delivery-limit"] = limit
		}
	}
	if _, err := ch.QueueDeclare(t.Queue, true, false, false, false, work); err != nil {
		return err
	}

	for i, delay := range t.retryDelays() {
		args := amqp.Table{
			amqp.QueueTypeArg:           string(qt),
			amqp.QueueMessageTTLArg:     delay.Milliseconds(),
			"x-dead-letter-exchange":    "", // the default exchange routes by queue name
			"x-dead-letter-routing-key": t.Queue,
		}
		if qt == Quorum {
			// Dead-lettering is at-most-once unless a quorum queue asks
			// for at-least-once, which requires reject-publish overflow.
			args["x-dead-letter-strategy"] = "at-least-once"
			args[amqp.QueueOverflowArg] = amqp.QueueOverflowRejectPublish
		}
		if _, err := ch.QueueDeclare(t.RetryQueue(i+1), true, false, false, false, args); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes the queues and the exchange of the topology, messages
// included. It is meant for tests and tear-down scripts.
func (t Topology) Delete(ctx context.Context, conn *amqp.Connection) error {
	return withChannel(ctx, conn, func(ch *amqp.Channel) error {
		var errs []error
		for i := range t.retryDelays() {
			_, err := ch.QueueDelete(t.RetryQueue(i+1), false, false, false)
			errs = append(errs, err)
		}
		for _, q := range []string{t.Queue, t.DeadLetterQueue()} {
			_, err := ch.QueueDelete(q, false, false, false)
			errs = append(errs, err)
		}
		errs = append(errs, ch.ExchangeDelete(t.DeadLetterExchange(), false, false))
		return errors.Join(errs...)
	})
}
