package rabbitmq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
)

// Handler processes one delivery. It returns nil when the message's effect is
// durable (committed), a retryable error, or an error wrapped by mq.Poison
// when no further attempt can succeed. A panic counts as a retryable error.
//
// The Consumer delivers at least once: the same message can arrive again
// after a lost connection, a republish or a DLQ replay. Make the handler
// idempotent, for example with package idempotency, or use NewTxConsumer.
type Handler func(ctx context.Context, d Delivery) error

// TxHandler applies one delivery's effect through tx, the transaction of a
// group commit (see NewTxConsumer). It must not commit or roll back tx. Its
// return values mean what a Handler's mean.
type TxHandler func(ctx context.Context, tx *sql.Tx, d Delivery) error

// BulkTxHandler applies the effects of several deliveries at once through
// tx (one multi-row statement rather than one per delivery), in a group
// commit (see NewBulkTxConsumer). It must not commit or roll back tx. An
// error fails the batch, which is then handled one delivery at a time.
type BulkTxHandler func(ctx context.Context, tx *sql.Tx, ds []Delivery) error

// ConsumerSettings configures a Consumer. The zero value is ready to use.
type ConsumerSettings struct {
	// Concurrency is how many handlers run at once; for a NewTxConsumer,
	// how many group-commit transactions. Zero means 1.
	Concurrency int
	// Prefetch is how many unacknowledged messages the broker sends ahead
	// (basic.qos). Zero means 2×Concurrency, and Concurrency×MaxBatch for a
	// NewTxConsumer; RabbitMQ suggests values up to a few hundred for fast
	// handlers.
	Prefetch int
	// MaxBatch bounds how many deliveries one group-commit transaction
	// handles (NewTxConsumer). Zero means 100.
	MaxBatch int
	// ShutdownTimeout bounds how long Run waits for in-flight handlers after
	// its context is cancelled; then their contexts are cancelled and their
	// messages are left to the broker to deliver again. Zero means 30s.
	ShutdownTimeout time.Duration
	// Backoff gives the pause before reconnect attempt n, before attempt
	// n+1 to move a failed message to a retry queue or the dead-letter
	// queue, and before a failed group-commit transaction is tried again.
	// Nil means mq.DefaultBackoff.
	Backoff mq.Backoff
	// PublishTimeout bounds one attempt to move a failed message to a retry
	// queue or the dead-letter queue: the publish and its broker confirm.
	// Zero means 10s.
	PublishTimeout time.Duration
	// Name is used for the connection name and the consumer tag prefix.
	Name string
	// OnError, if set, is called with every error Run recovers from: a lost
	// connection or channel, a failed attempt to move a message, and a
	// failed group-commit transaction. It must be safe for concurrent use.
	OnError func(error)
	// Observe, if set, is told what happened to every delivery.
	Observe mq.Observer
}

func (s ConsumerSettings) withDefaults() ConsumerSettings {
	if s.Concurrency <= 0 {
		s.Concurrency = 1
	}
	if s.MaxBatch <= 0 {
		s.MaxBatch = 100
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
// A message is acknowledged only after its handler returned nil, or after
// the group-commit transaction that holds its effect committed. A failed
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
	store   *idempotency.Store
	tx      TxHandler
	bulk    BulkTxHandler
	s       ConsumerSettings

	ch atomic.Pointer[amqp.Channel] // current channel; tests provoke channel errors on it
}

// NewConsumer returns a Consumer of topo's work queue on the broker at url.
func NewConsumer(url string, topo Topology, h Handler, s ConsumerSettings) *Consumer {
	s = s.withDefaults()
	if s.Prefetch <= 0 {
		s.Prefetch = 2 * s.Concurrency
	}
	return &Consumer{url: url, topo: topo, handler: h, s: s}
}

// NewTxConsumer returns a Consumer that handles deliveries that arrived
// together in one transaction of store (group commit, see
// idempotency.Store.DoBatch): each delivery's key is recorded, h runs for
// each (a failed one is undone alone), one commit (one fsync) covers them
// all, and only then are they acknowledged. A delivery whose key is already recorded is
// acknowledged without running h. The deliveries that arrive while every
// handler goroutine is busy, up to MaxBatch, form the next batch; nothing
// waits for a batch to fill, so batches grow with the load and a lone
// message is not delayed.
func NewTxConsumer(url string, topo Topology, store *idempotency.Store, h TxHandler, s ConsumerSettings) *Consumer {
	s = s.withDefaults()
	if s.Prefetch <= 0 {
		s.Prefetch = s.Concurrency * s.MaxBatch
	}
	return &Consumer{url: url, topo: topo, store: store, tx: h, s: s}
}

// NewBulkTxConsumer is NewTxConsumer for a handler that applies a whole
// batch at once (idempotency.Store.DoBulk): h gets the batch's deliveries
// whose keys are new, each key once, and the batch costs a few statements
// instead of one or more per delivery. When h fails, the batch is handled
// one delivery at a time, h called with one delivery each: only the
// deliveries that fail on their own are retried or dead-lettered, and the
// others' effects are attempted more than once, the earlier attempts
// rolled back.
func NewBulkTxConsumer(url string, topo Topology, store *idempotency.Store, h BulkTxHandler, s ConsumerSettings) *Consumer {
	c := NewTxConsumer(url, topo, store, nil, s)
	c.bulk = h
	return c
}

// Run consumes until ctx is cancelled, then shuts down gracefully: it stops
// intake (basic.cancel), hands back prefetched messages that no handler
// started, waits up to ShutdownTimeout for running handlers, whose messages
// are acknowledged, retried or dead-lettered as usual, and closes the channel
// and connection. It returns nil after a clean shutdown, an error matching
// mq.ErrShutdownTimeout when handlers overran, or an error when the topology
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
			if errors.Is(err, mq.ErrShutdownTimeout) {
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
	batches := make(chan []amqp.Delivery)
	limit := 1
	if c.store != nil {
		limit = c.s.MaxBatch
	}
	wg.Go(func() { batch(deliveries, batches, limit) })
	l := link{conn: conn, ch: ch, pub: pub}
	for range c.s.Concurrency {
		wg.Go(func() {
			for b := range batches {
				switch {
				case stopping.Load():
					for i := range b {
						_ = b[i].Nack(false, true) // not started: back to the queue
					}
				case c.store != nil:
					c.handleBatch(hctx, l, b)
				default:
					c.handle(hctx, l, &b[0])
				}
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
		return true, fmt.Errorf("rabbitmq: %w (%v)", mq.ErrShutdownTimeout, c.s.ShutdownTimeout)
	}
}

// link is what a delivery is settled through: the connection and channel it
// came on, and the publisher for retries and dead letters.
type link struct {
	conn *amqp.Connection
	ch   *amqp.Channel
	pub  *Publisher
}

// batch passes deliveries on to the handler goroutines in batches of up to
// limit and closes batches when deliveries is closed and drained. A batch
// grows while every handler goroutine is busy (with a group commit, while
// the database commits) and goes to the first one that is free, so batches
// grow with the load and a lone message waits for nothing. amqp091-go
// closes deliveries when the channel or connection closes, or after
// basic.cancel once its buffer is drained.
func batch(deliveries <-chan amqp.Delivery, batches chan<- []amqp.Delivery, limit int) {
	defer close(batches)
	var pending []amqp.Delivery
	for in := deliveries; in != nil || len(pending) > 0; {
		var out chan<- []amqp.Delivery
		if len(pending) > 0 {
			out = batches
		}
		take := in
		if len(pending) >= limit {
			take = nil // full: wait for a free handler goroutine
		}
		select {
		case d, ok := <-take:
			if !ok {
				in = nil
				continue
			}
			pending = append(pending, d)
		case out <- pending:
			pending = nil
		}
	}
}

// handle runs the handler for d and settles d.
func (c *Consumer) handle(ctx context.Context, l link, d *amqp.Delivery) {
	start := time.Now()
	del := newDelivery(d)
	err := mq.Call(func() error { return c.handler(ctx, del) })
	c.settle(ctx, l, d, &del, err, false, start)
}

// handleBatch handles batch in one group-commit transaction, again after a
// failure, and then settles each delivery. When the shutdown deadline
// passes or the channel closes before the transaction committed, nothing of
// the batch took effect: it is handed back (the broker redelivers it).
func (c *Consumer) handleBatch(ctx context.Context, l link, batch []amqp.Delivery) {
	start := time.Now()
	ds := make([]Delivery, len(batch))
	for i := range batch {
		ds[i] = newDelivery(&batch[i])
	}
	for n := 1; ; n++ {
		if l.ch.IsClosed() {
			// Left over from a lost channel, or the channel was lost while
			// the transaction failed: the broker delivers them again.
			for i := range ds {
				c.observe(&ds[i], mq.Returned, nil, start)
			}
			return
		}
		results, err := mq.GroupCommit(ctx, c.store, ds, deliveryKey, c.tx, c.bulk)
		if err == nil {
			for i := range batch {
				c.settle(ctx, l, &batch[i], &ds[i], results[i].Err, results[i].Duplicate, start)
			}
			return
		}
		if ctx.Err() == nil {
			c.report(err)
		}
		if ctx.Err() != nil || mq.Sleep(ctx, c.s.Backoff(n)) != nil {
			// Shutdown deadline: nothing of the batch is committed.
			for i := range batch {
				_ = batch[i].Nack(false, true)
				c.observe(&ds[i], mq.Returned, err, start)
			}
			return
		}
	}
}

func deliveryKey(d *Delivery) string { return d.IdempotencyKey }

// settle finishes one delivery whose handler returned err: it acks a handled
// one (dup: the idempotency store already had its key) and moves a failed one
// to its retry queue or the dead-letter queue.
func (c *Consumer) settle(ctx context.Context, l link, d *amqp.Delivery, del *Delivery, err error, dup bool, start time.Time) {
	if err == nil {
		_ = d.Ack(false) // if the ack is lost, the message comes again
		outcome := mq.Handled
		if dup {
			outcome = mq.Duplicate
		}
		c.observe(del, outcome, nil, start)
		return
	}
	if ctx.Err() != nil {
		// Shutdown deadline: the handler was interrupted, which says nothing
		// about the message. Hand it back untouched.
		_ = d.Nack(false, true)
		c.observe(del, mq.Returned, err, start)
		return
	}
	var msg Message
	var outcome mq.Outcome
	if dead, reason := mq.Verdict(err, del.Attempt, c.topo.MaxAttempts()); dead {
		outcome = mq.DeadLettered
		msg = del.moved(c.topo.DeadLetterExchange(), c.topo.Queue, del.Attempt, err, reason, time.Now())
	} else {
		outcome = mq.Retried
		msg = del.moved("", c.topo.RetryQueue(del.Attempt), del.Attempt+1, err, "", time.Now())
	}
	if !c.move(ctx, l, d, msg) {
		outcome = mq.Returned
	}
	c.observe(del, outcome, err, start)
}

// observe tells Observe, if set, what happened to d.
func (c *Consumer) observe(d *Delivery, outcome mq.Outcome, err error, start time.Time) {
	if c.s.Observe != nil {
		c.s.Observe(mq.Event{MessageID: d.MessageID, IdempotencyKey: d.IdempotencyKey, Attempt: d.Attempt,
			Outcome: outcome, Err: err, Duration: time.Since(start)})
	}
}

// move publishes msg, the copy of d bound for a retry queue or the DLQ, and
// then acknowledges d. It never answers a failed publish with a requeue,
// which would hand d straight back to fail again: a hot loop that on
// RabbitMQ 4.3 and later not even the delivery limit ends, since a nack no
// longer counts towards it. Instead it backs off, declares the topology
// again (a deleted retry queue makes every publish to it unroutable) and
// publishes again, until the publish succeeds, the channel d came on closes
// (the broker then delivers d again), or ctx ends (d is handed back). It
// reports whether it moved d.
func (c *Consumer) move(ctx context.Context, l link, d *amqp.Delivery, msg Message) bool {
	for n := 1; ; n++ {
		pctx, cancel := context.WithTimeout(ctx, c.s.PublishTimeout)
		err := l.pub.Publish(pctx, msg)
		cancel()
		if err == nil {
			_ = d.Ack(false) // if the ack is lost, the message comes again
			return true
		}
		if l.ch.IsClosed() {
			return false
		}
		c.report(fmt.Errorf("rabbitmq: move message %s to exchange %q, routing key %q: %w",
			msg.ID, msg.Exchange, msg.RoutingKey, err))
		if mq.Sleep(ctx, c.s.Backoff(n)) != nil {
			_ = d.Nack(false, true) // shutdown deadline: hand it back untouched
			return false
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
