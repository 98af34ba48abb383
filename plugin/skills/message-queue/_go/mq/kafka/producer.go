package kafka

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// ErrClosed is returned by a Producer that was closed.
var ErrClosed = errors.New("kafka: producer closed")

// ProducerSettings configures a Producer. The zero value is ready to use.
type ProducerSettings struct {
	// Window is the most messages that may wait for the broker's
	// acknowledgement at once. PublishAsync blocks while the window is
	// full. Zero means 10,000 (franz-go's own buffer limit).
	Window int
	// Options are further franz-go client options: TLS, SASL, a dialer,
	// ProducerLinger, compression. They cannot turn off acks=all or the
	// idempotent producer, which NewProducer sets last.
	Options []kgo.Opt
}

// Producer sends messages with acks=all through franz-go's idempotent
// producer: a message counts as sent only when every in-sync replica has
// it, and the client's own retries of a produce request never write it
// twice. That deduplication ends with the producer session: a message that
// your code sends again (after a timeout or a restart) is a new record,
// which is why every message carries a stable ID and idempotency key.
//
// Records with the same Key go to the same partition, in the order of the
// PublishAsync calls that sent them. A Producer is safe for concurrent use.
type Producer struct {
	cl       *kgo.Client
	slots    chan struct{} // the window: one place per message not yet acknowledged
	flushing atomic.Bool
	// promise completes the Receipt a record's context carries; one function
	// for every record, not a closure each.
	promise func(*kgo.Record, error)
}

// flushLingering sends the batches franz-go holds back for its linger
// (10 ms by default) while the window is full: franz-go cuts its linger
// short for a Produce that it blocks itself, but a full window holds
// publishers back before franz-go sees them. One flush runs at a time.
func (p *Producer) flushLingering() {
	if !p.flushing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer p.flushing.Store(false)
		_ = p.cl.Flush(context.Background()) // its outcome is each record's
	}()
}

// NewProducer returns a Producer for the cluster at brokers (host:port seed
// addresses). It connects lazily, on the first message.
func NewProducer(brokers []string, s ProducerSettings) (*Producer, error) {
	if s.Window <= 0 {
		s.Window = 10_000
	}
	opts := append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.MaxBufferedRecords(s.Window)}, s.Options...)
	opts = append(opts, kgo.RequiredAcks(kgo.AllISRAcks()))
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka: producer: %w", err)
	}
	p := &Producer{cl: cl, slots: make(chan struct{}, s.Window)}
	p.promise = func(rec *kgo.Record, err error) {
		r := rec.Context.(*recordContext).receipt
		if errors.Is(err, kgo.ErrClientClosed) {
			err = fmt.Errorf("%w: %w", ErrClosed, err)
		}
		if err != nil {
			err = fmt.Errorf("kafka: message %s: %w", r.id, err)
		}
		r.outcome.Complete(err)
		<-p.slots
	}
	return p, nil
}

// Receipt is the pending outcome of one message.
type Receipt struct {
	id      string
	outcome mq.Completion
	ctx     recordContext
}

// recordContext is the context of a buffered record: the publisher's
// values without its cancellation (as context.WithoutCancel gives), since
// canceling a buffered record's context fails every record buffered with it
// for the partition, and the way back to the record's Receipt. It lives
// inside the Receipt, so a message costs no allocation for either.
type recordContext struct {
	parent  context.Context
	receipt *Receipt
}

func (*recordContext) Deadline() (time.Time, bool) { return time.Time{}, false }
func (*recordContext) Done() <-chan struct{}       { return nil }
func (*recordContext) Err() error                  { return nil }
func (c *recordContext) Value(key any) any         { return c.parent.Value(key) }

// Done is closed once the outcome is known.
func (r *Receipt) Done() <-chan struct{} { return r.outcome.Done() }

// Err returns the outcome after Done is closed: nil when every in-sync
// replica has the message, otherwise franz-go's error.
func (r *Receipt) Err() error { return r.outcome.Err() }

// MessageID returns the ID the message was sent with.
func (r *Receipt) MessageID() string { return r.id }

// Wait blocks until the outcome is known or ctx is done. When ctx ends
// first, the error matches ctx.Err(), and the message may still be written.
func (r *Receipt) Wait(ctx context.Context) error {
	known, err := r.outcome.Wait(ctx)
	if !known {
		return fmt.Errorf("kafka: no acknowledgement for message %s yet: %w", r.id, ctx.Err())
	}
	return err
}

// PublishAsync hands m to the client and returns its Receipt. It blocks
// while the window is full, until ctx is done: then the error matches
// ctx.Err() and m was not sent. Once PublishAsync returned, the message no
// longer depends on ctx: the client retries it until the broker
// acknowledges it or its delivery timeout passes.
func (p *Producer) PublishAsync(ctx context.Context, m Message) (*Receipt, error) {
	if m.Topic == "" {
		return nil, errors.New("kafka: message without a topic")
	}
	rec := m.record()
	r := &Receipt{id: m.ID}
	select {
	case p.slots <- struct{}{}:
	default: // the window is full: send what franz-go lingers on, then wait
		p.flushLingering()
		select {
		case p.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, fmt.Errorf("kafka: message %s not sent, window full: %w", m.ID, ctx.Err())
		}
	}
	r.ctx = recordContext{parent: ctx, receipt: r}
	p.cl.Produce(&r.ctx, rec, p.promise)
	return r, nil
}

// Publish sends m and waits until every in-sync replica has it. When ctx
// ends first, the error matches ctx.Err(), and the message may still be
// written.
func (p *Producer) Publish(ctx context.Context, m Message) error {
	r, err := p.PublishAsync(ctx, m)
	if err != nil {
		return err
	}
	return r.Wait(ctx)
}

// Close waits until every outstanding message is acknowledged or failed,
// until ctx is done, and then closes the client; messages still unresolved
// fail with an error matching ErrClosed.
func (p *Producer) Close(ctx context.Context) error {
	err := p.cl.Flush(ctx)
	p.cl.Close()
	if err != nil {
		return fmt.Errorf("%w with messages unacknowledged: %w", ErrClosed, err)
	}
	return nil
}
