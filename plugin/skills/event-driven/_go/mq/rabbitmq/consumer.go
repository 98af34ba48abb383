package rabbitmq

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// Handler processes one delivery. It returns nil when the message's effect is
// durable (committed), a retryable error, or an error wrapped by Poison when
// no further attempt can succeed. A panic counts as a retryable error.
//
// The Consumer delivers at least once: the same message can arrive again
// after a lost connection, a republish or a DLQ replay. Make the handler
// idempotent, for example with package idempotency.
type Handler func(ctx context.Context, d Delivery) error

// ConsumerSettings configures a Consumer. The zero value is ready to use.
type ConsumerSettings struct {
	// Concurrency is how many handlers run at once. Zero means 1.
	Concurrency int
	// Prefetch is how many unacknowledged messages the broker sends ahead
	// (basic.qos). Zero means 2×Concurrency; RabbitMQ suggests values up to
	// a few hundred for fast handlers.
	Prefetch int
	// ShutdownTimeout bounds how long Run waits for in-flight handlers after
	// its context is cancelled; then their contexts are cancelled and their
	// messages are left to the broker to deliver again. Zero means 30s.
	ShutdownTimeout time.Duration
	// Backoff gives the pause before reconnect attempt n, and before
	// attempt n+1 to move a failed message to a retry queue or the
	// dead-letter queue. Nil means exponential backoff with full jitter from
	// 100ms up to 10s.
	Backoff mq.Backoff
	// PublishTimeout bounds one attempt to move a failed message to a retry
	// queue or the dead-letter queue: the publish and its broker confirm.
	// Zero means 10s.
	PublishTimeout time.Duration
	// Name is used for the connection name and the consumer tag prefix.
	Name string
	// OnError, if set, is called with every error Run recovers from: a lost
	// connection or channel, and a failed attempt to move a message. It must
	// be safe for concurrent use.
	OnError func(error)
}

func (s ConsumerSettings) withDefaults() ConsumerSettings {
	if s.Concurrency <= 0 {
		s.Concurrency = 1
	}
	if s.Prefetch <= 0 {
		s.Prefetch = 2 * s.Concurrency
	}
	if s.ShutdownTimeout <= 0 {
		s.ShutdownTimeout = 30 * time.Second
	}
	if s.Backoff == nil {
		s.Backoff = mq.DefaultBackoff
	}
	if s.PublishTimeout <= 0 {
		s.PublishTimeout = 10 * time.Second
	}
	if s.Name == "" {
		s.Name = "consumer"
	}
	return s
}

// Consumer consumes a Topology's work queue with manual acknowledgements.
//
// A message is acknowledged only after its handler returned nil. A failed
// message is republished (with publisher confirms) to the retry queue of its
// attempt, or to the dead-letter queue after the last attempt or a poison
// error, and only then acknowledged, so a crash in between duplicates the
// message but never loses it. When that publish fails, the message is not
// requeued: the Consumer holds it, backs off, declares the topology again and
// publishes again.
//
// Run survives connection loss and broker-side channel or consumer
// cancellation: it reconnects with backoff, declares the topology again and
// resumes. Messages that were unacknowledged at the loss are redelivered.
type Consumer struct {
	url     string
	topo    Topology
	handler Handler
	s       ConsumerSettings

	ch atomic.Pointer[amqp.Channel] // current channel; tests provoke channel errors on it
}

// NewConsumer returns a Consumer of topo's work queue on the broker at url.
func NewConsumer(url string, topo Topology, h Handler, s ConsumerSettings) *Consumer {
	return &Consumer{url: url, topo: topo, handler: h, s: s.withDefaults()}
}

// Run consumes until ctx is cancelled, then shuts down gracefully: it stops
// intake (basic.cancel), hands back prefetched messages that no handler
// started, waits up to ShutdownTimeout for running handlers, whose messages
// are acknowledged, retried or dead-lettered as usual, and closes the channel
// and connection. It returns nil after a clean shutdown, an error matching
// ErrShutdownTimeout when handlers overran, or an error when the topology
// cannot be declared.
//
// Quorum queues on RabbitMQ (seen on 3.10; rabbitmq/rabbitmq-server#10327 is
// open) sometimes ignore acks that arrive just before the channel closes and
// deliver those messages again, so even a clean shutdown can repeat a few
// messages there. Classic queues honour them. Either way an idempotent
// handler keeps the effect to once.
func (c *Consumer) Run(ctx context.Context) error {
	if c.topo.Queue == "" {
		return errors.New("rabbitmq: consumer needs a topology with a queue name")
	}
	// Retries and dead letters go out through a confirmed publisher on its
	// own connection, so a blocked publishing connection cannot stall acks.
	pub := NewPublisher(c.url, PublisherSettings{
		Window:  c.s.Concurrency,
		Backoff: c.s.Backoff,
		Name:    c.s.Name + "-retry",
	})
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), c.s.ShutdownTimeout)
		defer cancel()
		_ = pub.Close(closeCtx)
	}()

	for failures := 0; ; {
		started, err := c.session(ctx, pub)
		if ctx.Err() != nil {
			if errors.Is(err, ErrShutdownTimeout) {
				return err
			}
			return nil // cancelled while (re)connecting: nothing was in flight
		}
		var amqpErr *amqp.Error
		if errors.As(err, &amqpErr) && amqpErr.Code == amqp.PreconditionFailed {
			return err // the topology conflicts with existing queues: retrying cannot help
		}
		c.report(err)
		if started {
			failures = 0
		}
		failures++
		if mq.Sleep(ctx, c.s.Backoff(failures)) != nil {
			return nil
		}
	}
}

// session consumes over one connection until it is lost or ctx is done.
// started reports whether consuming began.
func (c *Consumer) session(ctx context.Context, pub *Publisher) (started bool, err error) {
	conn, err := Dial(ctx, c.url, c.s.Name)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if err := c.topo.Declare(ctx, conn); err != nil {
		return false, err
	}
	ch, err := channel(ctx, conn)
	if err != nil {
		return false, err
	}
	defer ch.Close()
	if err := ch.Qos(c.s.Prefetch, 0, false); err != nil {
		return false, fmt.Errorf("rabbitmq: qos: %w", err)
	}
	tag := c.s.Name + "-" + NewID()
	deliveries, err := ch.Consume(c.topo.Queue, tag, false, false, false, false, nil)
	if err != nil {
		return false, fmt.Errorf("rabbitmq: consume %q: %w", c.topo.Queue, err)
	}
	c.ch.Store(ch)
	defer c.ch.Store(nil)

	// Handlers get a context that outlives ctx by ShutdownTimeout, so a
	// cancelled Run lets them finish their work.
	hctx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()
	var stopping atomic.Bool
	var wg sync.WaitGroup
	for range c.s.Concurrency {
		wg.Go(func() {
			// amqp091-go closes deliveries when the channel or connection
			// closes, or after basic.cancel once its buffer is drained.
			for d := range deliveries {
				if stopping.Load() {
					_ = d.Nack(false, true) // not started: back to the queue
					continue
				}
				c.handle(hctx, link{conn: conn, ch: ch, pub: pub}, &d)
			}
		})
	}
	workersDone := make(chan struct{})
	go func() { wg.Wait(); close(workersDone) }()

	select {
	case <-workersDone:
		return true, errors.New("rabbitmq: consumer channel closed or cancelled by the broker")
	case <-ctx.Done():
	}
	stopping.Store(true)
	_ = ch.Cancel(tag, false) // stop intake; in-flight work goes on
	timer := time.NewTimer(c.s.ShutdownTimeout)
	defer timer.Stop()
	select {
	case <-workersDone:
		return true, nil
	case <-timer.C:
		cancelHandlers()
		return true, fmt.Errorf("%w (%v)", ErrShutdownTimeout, c.s.ShutdownTimeout)
	}
}

// link is what a delivery is settled through: the connection and channel it
// came on, and the publisher for retries and dead letters.
type link struct {
	conn *amqp.Connection
	ch   *amqp.Channel
	pub  *Publisher
}

// handle runs the handler for d and settles d: ack on success, otherwise
// move it to a retry queue or the DLQ.
func (c *Consumer) handle(ctx context.Context, l link, d *amqp.Delivery) {
	del := newDelivery(d)
	err := c.call(ctx, del)
	if err == nil {
		_ = d.Ack(false) // if the ack is lost, the message comes again
		return
	}
	if ctx.Err() != nil {
		// Shutdown deadline: the handler was interrupted, which says nothing
		// about the message. Hand it back untouched.
		_ = d.Nack(false, true)
		return
	}

	var msg Message
	if errors.Is(err, ErrPoison) || del.Attempt >= c.topo.MaxAttempts() {
		reason := "exhausted"
		if errors.Is(err, ErrPoison) {
			reason = "poison"
		}
		msg = del.message(c.topo.DeadLetterExchange(), c.topo.Queue)
		msg.Headers[HeaderDeadLetterReason] = reason
	} else {
		msg = del.message("", c.topo.RetryQueue(del.Attempt))
		msg.Headers[HeaderAttempt] = int32(del.Attempt + 1)
	}
	text := err.Error()
	if len(text) > maxErrorHeader {
		text = text[:maxErrorHeader]
	}
	msg.Headers[HeaderLastError] = text
	c.move(ctx, l, d, msg)
}

// move publishes msg, the copy of d bound for a retry queue or the DLQ, and
// then acknowledges d. It never answers a failed publish with a requeue,
// which would hand d straight back to fail again: a hot loop that on
// RabbitMQ 4.3 and later not even the delivery limit ends, since a nack no
// longer counts towards it. Instead it backs off, declares the topology
// again (a deleted retry queue makes every publish to it unroutable) and
// publishes again, until the publish succeeds, the channel d came on closes
// (the broker then delivers d again), or ctx ends (d is handed back).
func (c *Consumer) move(ctx context.Context, l link, d *amqp.Delivery, msg Message) {
	for n := 1; ; n++ {
		pctx, cancel := context.WithTimeout(ctx, c.s.PublishTimeout)
		err := l.pub.Publish(pctx, msg)
		cancel()
		if err == nil {
			_ = d.Ack(false) // if the ack is lost, the message comes again
			return
		}
		if l.ch.IsClosed() {
			return
		}
		c.report(fmt.Errorf("rabbitmq: move message %s to exchange %q, routing key %q: %w",
			msg.ID, msg.Exchange, msg.RoutingKey, err))
		if mq.Sleep(ctx, c.s.Backoff(n)) != nil {
			_ = d.Nack(false, true) // shutdown deadline: hand it back untouched
			return
		}
		dctx, cancel := context.WithTimeout(ctx, c.s.PublishTimeout)
		if err := c.topo.Declare(dctx, l.conn); err != nil {
			c.report(err)
		}
		cancel()
	}
}

// report passes err to OnError, if set.
func (c *Consumer) report(err error) {
	if c.s.OnError != nil {
		c.s.OnError(err)
	}
}

// call runs the handler, turning a panic into a *PanicError.
func (c *Consumer) call(ctx context.Context, d Delivery) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return c.handler(ctx, d)
}
