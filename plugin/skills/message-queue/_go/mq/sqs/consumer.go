package sqs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
)

// Handler processes one delivery. It returns nil when the message's effect is
// durable (committed), a retryable error, or an error wrapped by mq.Poison
// when no further attempt can succeed. A panic counts as a retryable error.
//
// SQS delivers at least once, also on FIFO queues: a message whose delete
// was lost, or whose visibility timeout ran out, comes again. Make the
// handler idempotent, for example with package idempotency, or use
// NewTxConsumer.
type Handler func(ctx context.Context, d Delivery) error

// TxHandler applies one delivery's effect through tx, the transaction of a
// group commit (see NewTxConsumer). It must not commit or roll back tx.
type TxHandler func(ctx context.Context, tx *sql.Tx, d Delivery) error

// BulkTxHandler applies the effects of several deliveries at once through
// tx (one multi-row statement rather than one per delivery), in a group
// commit (see NewBulkTxConsumer). It must not commit or roll back tx. An
// error fails the batch, which is then handled one delivery at a time.
type BulkTxHandler func(ctx context.Context, tx *sql.Tx, ds []Delivery) error

// ConsumerSettings configures a Consumer. The zero value is ready to use.
type ConsumerSettings struct {
	// Concurrency is how many receive loops run at once; each handles the
	// up to ten messages of its receive one after another (in order, for
	// a FIFO queue's message group). Zero means 4.
	Concurrency int
	// WaitTime is the long-polling wait of a receive. Zero means 20s, SQS's
	// maximum; long polling keeps empty receives, which are billed, rare.
	WaitTime time.Duration
	// ShutdownTimeout bounds how long Run waits for running handlers after
	// its context is cancelled; then their contexts are cancelled and their
	// messages made visible again at once. Zero means 30s.
	ShutdownTimeout time.Duration
	// Backoff gives the pause after a failed receive, and before attempt n+1
	// to move a failed message or to run a failed group-commit transaction
	// again. Nil means mq.DefaultBackoff.
	Backoff mq.Backoff
	// OnError, if set, is called with every error Run recovers from. It
	// must be safe for concurrent use.
	OnError func(error)
	// Observe, if set, is told what happened to every delivery.
	Observe mq.Observer
}

func (s ConsumerSettings) withDefaults() ConsumerSettings {
	if s.Concurrency <= 0 {
		s.Concurrency = 4
	}
	if s.WaitTime <= 0 {
		s.WaitTime = 20 * time.Second
	}
	if s.ShutdownTimeout <= 0 {
		s.ShutdownTimeout = 30 * time.Second
	}
	if s.Backoff == nil {
		s.Backoff = mq.DefaultBackoff
	}
	return s
}

// Consumer receives from a Topology's queue with long polling.
//
// While a batch's handlers run, the Consumer extends the messages'
// visibility timeout every third of it (a heartbeat), so a slow handler
// does not make its message visible to another consumer. A message is
// deleted only after its handler returned nil (or its group-commit
// transaction committed), the handled messages of a receive in one
// DeleteMessageBatch, whose failed entries are deleted again. A failed
// message on a standard queue is sent again as a copy with the next
// attempt number and the retry delay as DelaySeconds, and on a FIFO queue
// hidden for the delay (ChangeMessageVisibility), which keeps its group's
// order; after the last attempt, or at once for a poison error, a copy with
// the reason goes to the dead-letter queue. The original is deleted only
// after SQS stored the copy, so a crash in between duplicates the message but
// never loses it.
type Consumer struct {
	cl      *sqs.Client
	topo    Topology
	handler Handler
	store   *idempotency.Store
	tx      TxHandler
	bulk    BulkTxHandler
	s       ConsumerSettings
	urls    URLs
}

// NewConsumer returns a Consumer of topo's queue that calls h.
func NewConsumer(cl *sqs.Client, topo Topology, h Handler, s ConsumerSettings) *Consumer {
	return &Consumer{cl: cl, topo: topo, handler: h, s: s.withDefaults()}
}

// NewTxConsumer returns a Consumer that handles the messages of one receive
// in one transaction of store (group commit, see idempotency.Store.DoBatch):
// each message's key is recorded, h runs for each (a failed one is undone
// alone), one commit covers them all, and only then are they deleted.
func NewTxConsumer(cl *sqs.Client, topo Topology, store *idempotency.Store, h TxHandler, s ConsumerSettings) *Consumer {
	return &Consumer{cl: cl, topo: topo, store: store, tx: h, s: s.withDefaults()}
}

// NewBulkTxConsumer is NewTxConsumer for a handler that applies a whole
// receive at once (idempotency.Store.DoBulk): h gets the messages whose
// keys are new, each key once, and the batch costs a few statements instead
// of one or more per message. When h fails, the batch is handled one
// message at a time, h called with one message each: only the messages
// that fail on their own are retried or dead-lettered, and the others'
// effects are attempted more than once, the earlier attempts rolled back.
func NewBulkTxConsumer(cl *sqs.Client, topo Topology, store *idempotency.Store, h BulkTxHandler, s ConsumerSettings) *Consumer {
	return &Consumer{cl: cl, topo: topo, store: store, bulk: h, s: s.withDefaults()}
}

// Run consumes until ctx is cancelled, then shuts down gracefully: it stops
// receiving, waits up to ShutdownTimeout for running handlers, settles what
// they finished and makes the rest visible again. It returns nil after a
// clean shutdown, an error matching mq.ErrShutdownTimeout when handlers
// overran, or nil when ctx ended before the queues could be declared.
func (c *Consumer) Run(ctx context.Context) error {
	for n := 1; ; n++ {
		urls, err := c.topo.Declare(ctx, c.cl)
		if err == nil {
			c.urls = urls
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		c.report(err)
		if mq.Sleep(ctx, c.s.Backoff(n)) != nil {
			return nil
		}
	}
	hctx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()
	var overran atomic.Bool
	finished := make(chan struct{})
	go func() {
		select {
		case <-finished:
			return
		case <-ctx.Done():
		}
		t := time.NewTimer(c.s.ShutdownTimeout)
		defer t.Stop()
		select {
		case <-finished:
		case <-t.C:
			overran.Store(true)
			cancelHandlers()
		}
	}()
	var wg sync.WaitGroup
	for range c.s.Concurrency {
		wg.Go(func() { c.poll(ctx, hctx) })
	}
	wg.Wait()
	close(finished)
	if overran.Load() {
		return fmt.Errorf("sqs: %w (%v)", mq.ErrShutdownTimeout, c.s.ShutdownTimeout)
	}
	return nil
}

// poll receives and handles batches until ctx ends.
func (c *Consumer) poll(ctx, hctx context.Context) {
	for failures := 0; ctx.Err() == nil; {
		out, err := c.cl.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(c.urls.Queue),
			MaxNumberOfMessages:         10,
			WaitTimeSeconds:             int32(c.s.WaitTime.Seconds()),
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			c.report(fmt.Errorf("sqs: receive: %w", err))
			_ = mq.Sleep(ctx, c.s.Backoff(failures))
			continue
		}
		failures = 0
		if len(out.Messages) > 0 {
			c.batch(ctx, hctx, out.Messages)
		}
	}
}

// batch handles one receive's messages in order and settles them, with a
// heartbeat that keeps them hidden until then.
func (c *Consumer) batch(ctx, hctx context.Context, msgs []types.Message) {
	start := time.Now()
	ds := make([]Delivery, len(msgs))
	for i, m := range msgs {
		ds[i] = newDelivery(m, c.topo.FIFO())
	}
	beat := c.heartbeat(hctx, ds)
	defer beat.stop()

	errs := make([]error, len(ds))
	dups := make([]bool, len(ds))
	done := len(ds) // messages whose handler ran (or whose batch committed)
	if c.store != nil {
		done = c.handleTx(ctx, hctx, ds, errs, dups)
	} else {
		for i := range ds {
			if ctx.Err() != nil {
				done = i // shutdown: hand the rest back
				break
			}
			errs[i] = mq.Call(func() error { return c.handler(hctx, ds[i]) })
		}
	}
	var deletes []Delivery
	var back []Delivery
	for i := range ds {
		d := &ds[i]
		ev := mq.Event{MessageID: d.MessageID, IdempotencyKey: d.IdempotencyKey, Attempt: d.Attempt, Err: errs[i]}
		switch {
		case i >= done || (errs[i] != nil && hctx.Err() != nil):
			ev.Outcome = mq.Returned
			back = append(back, *d)
		case errs[i] == nil:
			ev.Outcome = mq.Handled
			if dups[i] {
				ev.Outcome = mq.Duplicate
			}
			deletes = append(deletes, *d)
		default:
			beat.forget(d.receipt) // moved or hidden for the delay: no more extensions
			var del bool
			ev.Outcome, del = c.fail(hctx, d, errs[i])
			if del {
				deletes = append(deletes, *d)
			}
		}
		if c.s.Observe != nil {
			ev.Duration = time.Since(start)
			c.s.Observe(ev)
		}
	}
	beat.stop()
	c.delete(hctx, deletes)
	c.handBack(back)
}

// handleTx runs the batch in one group-commit transaction, again after a
// failure, until it commits or the shutdown deadline passes. It returns how
// many messages it handled: all or none.
func (c *Consumer) handleTx(ctx, hctx context.Context, ds []Delivery, errs []error, dups []bool) int {
	if ctx.Err() != nil {
		return 0
	}
	for n := 1; ; n++ {
		results, err := mq.GroupCommit(hctx, c.store, ds, deliveryKey, c.tx, c.bulk)
		if err == nil {
			for i, r := range results {
				errs[i], dups[i] = r.Err, r.Duplicate
			}
			return len(ds)
		}
		if hctx.Err() != nil {
			return 0
		}
		c.report(err)
		if mq.Sleep(hctx, c.s.Backoff(n)) != nil {
			return 0
		}
	}
}

func deliveryKey(d *Delivery) string { return d.IdempotencyKey }

// fail moves a failed message on: to its next attempt or to the dead-letter
// queue. It reports the outcome and whether the original is to be deleted.
func (c *Consumer) fail(ctx context.Context, d *Delivery, err error) (mq.Outcome, bool) {
	dead, reason := mq.Verdict(err, d.Attempt, c.topo.MaxAttempts())
	delay := time.Duration(0)
	if !dead {
		delay = c.topo.retryDelays()[d.Attempt-1]
	}
	switch {
	case dead:
		m := d.moved(d.Attempt, err, reason, time.Now())
		if !c.send(ctx, c.urls.DeadLetter, m) {
			return mq.Returned, false
		}
		return mq.DeadLettered, true
	case c.topo.FIFO():
		// The same message comes back after the delay, still first in its
		// group; ApproximateReceiveCount counts the attempt.
		vis := int32(max(1, delay.Seconds()))
		if _, err := c.cl.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(c.urls.Queue), ReceiptHandle: aws.String(d.receipt), VisibilityTimeout: vis}); err != nil {
			c.report(fmt.Errorf("sqs: delay retry of %s: %w", d.MessageID, err))
		}
		return mq.Retried, false
	default:
		m := d.moved(d.Attempt+1, err, "", time.Now())
		m.Delay = delay
		if !c.send(ctx, c.urls.Queue, m) {
			return mq.Returned, false
		}
		return mq.Retried, true
	}
}

// send sends m to url, again after a failure, until it succeeds or ctx (the
// shutdown deadline) ends.
func (c *Consumer) send(ctx context.Context, url string, m Message) bool {
	p := NewPublisher(c.cl, url, c.topo.FIFO(), PublisherSettings{})
	for n := 1; ; n++ {
		err := p.Publish(ctx, m)
		if err == nil {
			return true
		}
		c.report(err)
		if mq.Sleep(ctx, c.s.Backoff(n)) != nil {
			return false
		}
	}
}

// delete deletes ds in batches of ten and deletes failed entries once more.
// A delete that fails leaves the message to come back after its visibility
// timeout, which the idempotent handler absorbs.
func (c *Consumer) delete(ctx context.Context, ds []Delivery) {
	for start := 0; start < len(ds); start += 10 {
		chunk := ds[start:min(start+10, len(ds))]
		for attempt := 1; len(chunk) > 0 && attempt <= 2; attempt++ {
			in := &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(c.urls.Queue)}
			for i, d := range chunk {
				in.Entries = append(in.Entries, types.DeleteMessageBatchRequestEntry{
					Id: aws.String(strconv.Itoa(i)), ReceiptHandle: aws.String(d.receipt)})
			}
			out, err := c.cl.DeleteMessageBatch(ctx, in)
			if err != nil {
				c.report(fmt.Errorf("sqs: delete batch of %d: %w", len(chunk), err))
				continue
			}
			var again []Delivery
			for _, f := range out.Failed {
				if i, err := strconv.Atoi(aws.ToString(f.Id)); err == nil && i >= 0 && i < len(chunk) {
					c.report(fmt.Errorf("sqs: delete %s: %s %s", chunk[i].MessageID, aws.ToString(f.Code), aws.ToString(f.Message)))
					again = append(again, chunk[i])
				}
			}
			chunk = again
		}
	}
}

// handBack makes messages visible again at once, for another consumer.
func (c *Consumer) handBack(ds []Delivery) {
	if len(ds) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.changeVisibility(ctx, ds, 0)
}

// changeVisibility sets the visibility timeout of ds, one request each:
// goaws has no ChangeMessageVisibilityBatch, and heartbeats are rare.
func (c *Consumer) changeVisibility(ctx context.Context, ds []Delivery, seconds int32) {
	for _, d := range ds {
		if _, err := c.cl.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(c.urls.Queue),
			ReceiptHandle: aws.String(d.receipt), VisibilityTimeout: seconds}); err != nil {
			c.report(fmt.Errorf("sqs: change visibility of %s: %w", d.MessageID, err))
		}
	}
}

// heartbeat extends the visibility timeout of a batch's messages every
// third of it until stopped.
type heartbeat struct {
	mu      sync.Mutex
	pending map[string]Delivery // by receipt handle
	stopped chan struct{}
	once    sync.Once
	done    sync.WaitGroup
}

func (c *Consumer) heartbeat(ctx context.Context, ds []Delivery) *heartbeat {
	h := &heartbeat{pending: map[string]Delivery{}, stopped: make(chan struct{})}
	for _, d := range ds {
		h.pending[d.receipt] = d
	}
	vt := c.topo.visibility()
	h.done.Go(func() {
		t := time.NewTicker(vt / 3)
		defer t.Stop()
		for {
			select {
			case <-h.stopped:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			h.mu.Lock()
			var ds []Delivery
			for _, d := range h.pending {
				ds = append(ds, d)
			}
			h.mu.Unlock()
			c.changeVisibility(ctx, ds, int32(vt.Seconds()))
		}
	})
	return h
}

func (h *heartbeat) forget(receipt string) {
	h.mu.Lock()
	delete(h.pending, receipt)
	h.mu.Unlock()
}

func (h *heartbeat) stop() {
	h.once.Do(func() { close(h.stopped) })
	h.done.Wait()
}

// report passes err to OnError, if set.
func (c *Consumer) report(err error) {
	if c.s.OnError != nil && !errors.Is(err, context.Canceled) {
		c.s.OnError(err)
	}
}
