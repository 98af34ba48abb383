package rabbitmq

import (
	"context"
	"fmt"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// DeadLetter is a message in a Topology's dead-letter queue.
type DeadLetter struct {
	Delivery
	// LastError is the handler error that dead-lettered the message
	// (mq.HeaderLastError); empty when the broker dead-lettered it.
	LastError string
	// Reason is mq.HeaderDeadLetterReason (mq.ReasonPoison or
	// mq.ReasonExhausted) for messages the Consumer dead-lettered, or the
	// broker's x-death reason
	// ("delivery_limit", "rejected", "expired", "maxlen") for the others.
	Reason string
}

func newDeadLetter(d *amqp.Delivery) DeadLetter {
	dl := DeadLetter{Delivery: newDelivery(d)}
	dl.LastError, _ = d.Headers[mq.HeaderLastError].(string)
	dl.Reason, _ = d.Headers[mq.HeaderDeadLetterReason].(string)
	if dl.Reason == "" {
		// The broker keeps the most recent death first.
		if deaths, ok := d.Headers["x-death"].([]any); ok && len(deaths) > 0 {
			if death, ok := deaths[0].(amqp.Table); ok {
				dl.Reason, _ = death["reason"].(string)
			}
		}
	}
	return dl
}

// InspectDeadLetters returns up to limit messages from the head of topo's
// dead-letter queue (all that are ready when it starts, when limit is 0)
// and leaves them in the queue without requeueing them: each message it
// reads goes back to the tail of the queue as a copy that pub confirmed, and
// only then is the original acknowledged (see scanDeadLetters). Inspecting
// the whole queue keeps its order; inspecting the first N moves them behind
// the rest. A concurrent inspection or replay sees only the messages this one
// does not hold at that moment.
func InspectDeadLetters(ctx context.Context, conn *amqp.Connection, pub *Publisher, topo Topology, limit int) ([]DeadLetter, error) {
	var out []DeadLetter
	err := scanDeadLetters(ctx, conn, pub, topo, limit, func(_ *amqp.Delivery, dl DeadLetter) (bool, error) {
		out = append(out, dl)
		return false, nil
	})
	return out, err
}

// ReplayOptions selects which dead letters ReplayDeadLetters moves.
type ReplayOptions struct {
	// Limit is the most messages to look at. Zero means every message that
	// was in the queue when the replay started.
	Limit int
	// Filter selects the messages to replay; nil replays all. The others
	// stay in the dead-letter queue.
	Filter func(DeadLetter) bool
}

// ReplayDeadLetters moves dead letters back to topo's work queue and returns
// how many it moved. It looks only at messages that were ready when it
// started, so a message that fails again and returns to the dead-letter
// queue during the replay is not replayed a second time. Each message keeps
// its ID and idempotency key, so consumers still recognise work already done;
// mq.HeaderAttempt starts again at 1, mq.HeaderLastError,
// mq.HeaderFirstFailure and mq.HeaderDeadLetterReason are removed, and
// HeaderReplays counts the replays. A message is removed from the
// dead-letter queue only after pub has a broker confirm for its copy.
// Messages the filter leaves go back to the tail of the dead-letter queue,
// as InspectDeadLetters puts them back.
func ReplayDeadLetters(ctx context.Context, conn *amqp.Connection, pub *Publisher, topo Topology, o ReplayOptions) (int, error) {
	n := 0
	err := scanDeadLetters(ctx, conn, pub, topo, o.Limit, func(d *amqp.Delivery, dl DeadLetter) (bool, error) {
		if o.Filter != nil && !o.Filter(dl) {
			return false, nil
		}
		m := dl.message("", topo.Queue)
		delete(m.Headers, mq.HeaderAttempt)
		delete(m.Headers, mq.HeaderLastError)
		delete(m.Headers, mq.HeaderFirstFailure)
		delete(m.Headers, mq.HeaderDeadLetterReason)
		m.Headers[HeaderReplays] = int32(headerInt(d.Headers, HeaderReplays) + 1)
		if err := pub.Publish(ctx, m); err != nil {
			return false, fmt.Errorf("rabbitmq: replay %s: %w", dl.MessageID, err)
		}
		n++
		return true, nil
	})
	return n, err
}

// scanDeadLetters gets up to limit messages from the dead-letter queue (all
// that are there at the start when limit is 0) and passes each to fn, which
// says whether to remove it. A message fn keeps is published again to the
// tail of the queue through pub, and acknowledged once that copy is
// confirmed. It is never requeued: a requeue counts towards a quorum queue's
// delivery limit, past which RabbitMQ 4.0 and later drop the message unless
// it can be dead-lettered, and marks it redelivered. A crash between the
// confirm and the ack leaves two copies with one message ID, which replays
// deduplicate like any other duplicate.
func scanDeadLetters(ctx context.Context, conn *amqp.Connection, pub *Publisher, topo Topology, limit int, fn func(*amqp.Delivery, DeadLetter) (bool, error)) error {
	// Closing the channel returns a message still unacknowledged after an
	// error to the queue, where it is not counted: the queue is classic.
	return withChannel(ctx, conn, func(ch *amqp.Channel) error {
		dlq := topo.DeadLetterQueue()
		q, err := ch.QueueDeclarePassive(dlq, true, false, false, false, nil)
		if err != nil {
			return fmt.Errorf("rabbitmq: dead-letter queue %q: %w", dlq, err)
		}
		n := q.Messages
		if limit > 0 && limit < n {
			n = limit
		}
		for range n {
			d, ok, err := ch.Get(dlq, false)
			if err != nil {
				return fmt.Errorf("rabbitmq: get from %q: %w", dlq, err)
			}
			if !ok {
				break
			}
			dl := newDeadLetter(&d)
			remove, err := fn(&d, dl)
			if err != nil {
				return err
			}
			if !remove {
				if err := pub.Publish(ctx, dl.putBack(topo)); err != nil {
					return fmt.Errorf("rabbitmq: put dead letter %s back: %w", dl.MessageID, err)
				}
			}
			if err := d.Ack(false); err != nil {
				return err
			}
		}
		return nil
	})
}

// putBack returns the copy of dl for the tail of topo's dead-letter queue.
// The reason the broker recorded in x-death goes into mq.HeaderDeadLetterReason,
// which survives the copy whatever the broker does with x-death headers that
// a client sends.
func (dl *DeadLetter) putBack(topo Topology) Message {
	m := dl.message(topo.DeadLetterExchange(), topo.Queue)
	if dl.Reason != "" {
		m.Headers[mq.HeaderDeadLetterReason] = dl.Reason
	}
	return m
}
