package kafka

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
)

// Handler processes one delivery. It returns nil when the message's effect is
// durable (committed), a retryable error, or an error wrapped by mq.Poison
// when no further attempt can succeed. A panic counts as a retryable error.
//
// The Consumer delivers at least once: the same message can arrive again
// after a rebalance, a crash before the offset commit, or a producer that
// sent it twice. Make the handler idempotent, for example with package
// idempotency, or use NewTxConsumer.
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
	// Concurrency is how many partitions are handled at once. Records of
	// one partition are always handled one after another, in order. Zero
	// means 4.
	Concurrency int
	// MaxPollRecords bounds the records taken from the client per poll; a
	// poll's records are handled before the group may rebalance, so keep
	// MaxPollRecords × handler time well below the rebalance timeout
	// (franz-go's default: 60s). Zero means 1,000.
	MaxPollRecords int
	// MaxBatch bounds how many records of a partition one group-commit
	// transaction handles (NewTxConsumer); a poll's records for a
	// partition are committed in batches of this size, in order. Zero
	// means 100.
	MaxBatch int
	// ShutdownTimeout bounds how long Run waits for running handlers after
	// its context is cancelled; then their contexts are cancelled and their
	// records are left uncommitted. Zero means 30s.
	ShutdownTimeout time.Duration
	// Backoff gives the pause before attempt n+1 to move a failed record to
	// a retry or the dead-letter topic, and before a failed group-commit
	// transaction is tried again. Nil means mq.DefaultBackoff.
	Backoff mq.Backoff
	// PublishTimeout bounds one attempt to move a failed record. Zero
	// means 10s.
	PublishTimeout time.Duration
	// OnError, if set, is called with every error Run recovers from: fetch
	// errors, failed moves, failed commits. It must be safe for concurrent
	// use.
	OnError func(error)
	// Observe, if set, is told what happened to every delivery.
	Observe mq.Observer
	// Options are further franz-go client options: TLS, SASL, a dialer,
	// session and rebalance timeouts. The Consumer sets the group, the
	// topics, the cooperative-sticky balancer, manual commits and blocking
	// rebalances last, so these cannot change them.
	Options []kgo.Opt
}

func (s ConsumerSettings) withDefaults() ConsumerSettings {
	if s.Concurrency <= 0 {
		s.Concurrency = 4
	}
	if s.MaxPollRecords <= 0 {
		s.MaxPollRecords = 1000
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
	return s
}

// Consumer consumes a Topology's topic and retry topics as a member of a
// consumer group.
//
// Offsets are committed only for records that are settled: handled (their
// handler returned nil, or their group-commit transaction committed), or
// moved to a retry or the dead-letter topic with the broker's
// acknowledgement. A record that is neither stops its partition's commits
// there, so a crash or a rebalance delivers it again and never skips it.
// Offsets are committed after every poll's records and when partitions are
// revoked; rebalances wait until the polled records are settled
// (franz-go's BlockRebalanceOnPoll), and the cooperative-sticky balancer
// moves only the partitions that change owner.
type Consumer struct {
	brokers []string
	group   string
	topo    Topology
	handler Handler
	store   *idempotency.Store
	tx      TxHandler
	bulk    BulkTxHandler
	s       ConsumerSettings
}

// NewConsumer returns a Consumer in group of topo's topics on the cluster
// at brokers, calling h for each record.
func NewConsumer(brokers []string, group string, topo Topology, h Handler, s ConsumerSettings) *Consumer {
	return &Consumer{brokers: brokers, group: group, topo: topo, handler: h, s: s.withDefaults()}
}

// NewTxConsumer returns a Consumer that handles the records of a partition
// that arrived together in one transaction of store (group commit, see
// idempotency.Store.DoBatch): each record's key is recorded, h runs for
// each (a failed one is undone alone), one commit covers them all, and only
// then are the offsets committed. A record whose key is already recorded is skipped.
func NewTxConsumer(brokers []string, group string, topo Topology, store *idempotency.Store, h TxHandler, s ConsumerSettings) *Consumer {
	return &Consumer{brokers: brokers, group: group, topo: topo, store: store, tx: h, s: s.withDefaults()}
}

// NewBulkTxConsumer is NewTxConsumer for a handler that applies a whole
// batch at once (idempotency.Store.DoBulk): h gets the batch's records
// whose keys are new, each key once, and the batch costs a few statements
// instead of one or more per record. When h fails, the batch is handled one
// record at a time, h called with one record each: only the records that
// fail on their own are retried or dead-lettered, and the others' effects
// are attempted more than once, the earlier attempts rolled back.
func NewBulkTxConsumer(brokers []string, group string, topo Topology, store *idempotency.Store, h BulkTxHandler, s ConsumerSettings) *Consumer {
	return &Consumer{brokers: brokers, group: group, topo: topo, store: store, bulk: h, s: s.withDefaults()}
}

// Run consumes until ctx is cancelled, then shuts down gracefully: it stops
// taking records, waits up to ShutdownTimeout for running handlers, commits
// the offsets of what they settled, and leaves the group, so that the
// partitions move to the other members at once. It returns nil after a clean
// shutdown, an error matching mq.ErrShutdownTimeout when handlers overran,
// or an error when the topology cannot be declared or the client not made.
func (c *Consumer) Run(ctx context.Context) error {
	if c.topo.Topic == "" || c.group == "" {
		return errors.New("kafka: consumer needs a topology with a topic and a group")
	}
	var cl *kgo.Client
	opts := append([]kgo.Opt{kgo.SeedBrokers(c.brokers...)}, c.s.Options...)
	opts = append(opts,
		kgo.ConsumerGroup(c.group),
		kgo.ConsumeTopics(c.topo.Topics()[:c.topo.MaxAttempts()]...), // main and retry topics
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),            // a new group reads from the start
		kgo.Balancers(kgo.CooperativeStickyBalancer()),
		kgo.AutoCommitMarks(), // only what was marked settled is ever committed
		kgo.BlockRebalanceOnPoll(),
		kgo.OnPartitionsRevoked(func(ctx context.Context, cl *kgo.Client, _ map[string][]int32) {
			c.commit(ctx, cl)
		}),
		kgo.RequiredAcks(kgo.AllISRAcks()), // for moves to retry and dead-letter topics
	)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return fmt.Errorf("kafka: consumer: %w", err)
	}
	for failures := 1; ; failures++ {
		err := c.topo.Declare(ctx, cl)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			cl.Close()
			return nil
		}
		c.report(err)
		if mq.Sleep(ctx, c.s.Backoff(failures)) != nil {
			cl.Close()
			return nil
		}
	}

	// Handlers get a context that outlives ctx by ShutdownTimeout, so a
	// cancelled Run lets them finish their work.
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

	var resume sync.WaitGroup // timers that resume paused retry partitions
	stopResume := make(chan struct{})
	for ctx.Err() == nil {
		fetches := cl.PollRecords(ctx, c.s.MaxPollRecords)
		fetches.EachError(func(topic string, p int32, err error) {
			if ctx.Err() == nil {
				c.report(fmt.Errorf("kafka: fetch %s[%d]: %w", topic, p, err))
			}
		})
		c.process(ctx, hctx, cl, fetches, &resume, stopResume)
		c.commit(hctx, cl)
		cl.AllowRebalance()
	}
	close(finished)
	close(stopResume)
	resume.Wait()

	leaveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.s.ShutdownTimeout)
	defer cancel()
	c.commit(leaveCtx, cl)
	_ = cl.LeaveGroupContext(leaveCtx) // revokes (and commits) once more
	cl.Close()
	if overran.Load() {
		return fmt.Errorf("kafka: %w (%v)", mq.ErrShutdownTimeout, c.s.ShutdownTimeout)
	}
	return nil
}

// commit commits the marked offsets, reporting a failure: the records are
// then delivered again, which the idempotent handler absorbs.
func (c *Consumer) commit(ctx context.Context, cl *kgo.Client) {
	ctx, cancel := context.WithTimeout(ctx, c.s.PublishTimeout)
	defer cancel()
	if err := cl.CommitMarkedOffsets(ctx); err != nil {
		c.report(fmt.Errorf("kafka: commit offsets: %w", err))
	}
}

// rewind is a retry-topic partition to pause until its next record is due.
type rewind struct {
	topic     string
	partition int32
	at        kgo.EpochOffset
	due       time.Time
}

// process handles one poll's records, partitions in parallel, and marks the
// settled ones for commit. Retry-topic partitions whose next record is not
// due yet are rewound to it and paused until it is.
func (c *Consumer) process(ctx, hctx context.Context, cl *kgo.Client, fetches kgo.Fetches, resume *sync.WaitGroup, stop chan struct{}) {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		rewinds []rewind
		sem     = make(chan struct{}, c.s.Concurrency)
	)
	fetches.EachPartition(func(p kgo.FetchTopicPartition) {
		if len(p.Records) == 0 {
			return
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if rw, ok := c.partition(ctx, hctx, cl, p.Records); ok {
				mu.Lock()
				rewinds = append(rewinds, rw)
				mu.Unlock()
			}
		})
	})
	wg.Wait()
	for _, rw := range rewinds {
		tp := map[string][]int32{rw.topic: {rw.partition}}
		cl.SetOffsets(map[string]map[int32]kgo.EpochOffset{rw.topic: {rw.partition: rw.at}})
		cl.PauseFetchPartitions(tp)
		t := time.NewTimer(time.Until(rw.due))
		resume.Go(func() {
			defer t.Stop()
			select {
			case <-t.C:
				cl.ResumeFetchPartitions(tp)
			case <-stop:
			}
		})
	}
}

// partition handles one partition's records in order, as far as they are
// due, and marks each settled one for commit. It stops at the first record
// it cannot settle (shutdown) and reports a retry record that is not due.
func (c *Consumer) partition(ctx, hctx context.Context, cl *kgo.Client, recs []*kgo.Record) (rewind, bool) {
	var rw rewind
	due := len(recs)
	if delay, ok := c.topo.retryTopic(recs[0].Topic); ok {
		for i, r := range recs {
			if at := r.Timestamp.Add(delay); time.Now().Before(at) {
				due = i
				rw = rewind{topic: r.Topic, partition: r.Partition,
					at: kgo.EpochOffset{Epoch: r.LeaderEpoch, Offset: r.Offset}, due: at}
				break
			}
		}
	}
	recs = recs[:due]
	if c.store != nil {
		for len(recs) > 0 {
			n := min(len(recs), c.s.MaxBatch)
			if !c.handleBatch(ctx, hctx, cl, recs[:n]) {
				break
			}
			recs = recs[n:]
		}
	} else {
		for _, r := range recs {
			if ctx.Err() != nil {
				break // shutdown: leave the rest to the next owner
			}
			start := time.Now()
			d := newDelivery(r)
			err := mq.Call(func() error { return c.handler(hctx, d) })
			if !c.settle(hctx, cl, r, &d, err, false, start) {
				break
			}
		}
	}
	return rw, rw.topic != ""
}

func deliveryKey(d *Delivery) string { return d.IdempotencyKey }

// handleBatch handles records (of one partition, in order) in one
// group-commit transaction, and then settles them in order. It reports
// whether it settled them all.
func (c *Consumer) handleBatch(ctx, hctx context.Context, cl *kgo.Client, recs []*kgo.Record) bool {
	if ctx.Err() != nil {
		return false // shutdown: leave the rest to the next owner
	}
	start := time.Now()
	ds := make([]Delivery, len(recs))
	for i, r := range recs {
		ds[i] = newDelivery(r)
	}
	var results []idempotency.Result
	for n := 1; ; n++ {
		var err error
		if results, err = mq.GroupCommit(hctx, c.store, ds, deliveryKey, c.tx, c.bulk); err == nil {
			break
		}
		if hctx.Err() != nil {
			return false // shutdown deadline: nothing of the batch is committed
		}
		c.report(err)
		if mq.Sleep(hctx, c.s.Backoff(n)) != nil {
			return false
		}
	}
	for i, r := range recs {
		if !c.settle(hctx, cl, r, &ds[i], results[i].Err, results[i].Duplicate, start) {
			return false
		}
	}
	return true
}

// settle finishes one record whose handler returned err: it marks a handled
// record for commit, moves a failed one to its retry topic or the
// dead-letter topic and then marks it. It reports false for a record it
// could not settle, which stops the partition there.
func (c *Consumer) settle(ctx context.Context, cl *kgo.Client, r *kgo.Record, d *Delivery, err error, dup bool, start time.Time) bool {
	ev := mq.Event{MessageID: d.MessageID, IdempotencyKey: d.IdempotencyKey, Attempt: d.Attempt, Err: err}
	defer func() {
		if c.s.Observe != nil {
			ev.Duration = time.Since(start)
			c.s.Observe(ev)
		}
	}()
	if err == nil {
		ev.Outcome = mq.Handled
		if dup {
			ev.Outcome = mq.Duplicate
		}
		cl.MarkCommitRecords(r)
		return true
	}
	ev.Outcome = mq.Returned
	if ctx.Err() != nil {
		return false // shutdown deadline: the handler was interrupted
	}
	var moved *kgo.Record
	if dead, reason := mq.Verdict(err, d.Attempt, c.topo.MaxAttempts()); dead {
		ev.Outcome = mq.DeadLettered
		moved = d.moved(c.topo.DeadLetterTopic(), d.Attempt, err, reason, time.Now())
	} else {
		ev.Outcome = mq.Retried
		moved = d.moved(c.topo.RetryTopic(d.Attempt), d.Attempt+1, err, "", time.Now())
	}
	if !c.move(ctx, cl, moved) {
		ev.Outcome = mq.Returned
		return false
	}
	cl.MarkCommitRecords(r)
	return true
}

// move produces r and waits for acks=all. On failure it backs off, declares
// the topology again (a deleted retry topic fails every produce to it) and
// produces again, until it succeeds or ctx (the shutdown deadline) ends.
func (c *Consumer) move(ctx context.Context, cl *kgo.Client, r *kgo.Record) bool {
	for n := 1; ; n++ {
		pctx, cancel := context.WithTimeout(ctx, c.s.PublishTimeout)
		err := cl.ProduceSync(pctx, r).FirstErr()
		cancel()
		if err == nil {
			return true
		}
		c.report(fmt.Errorf("kafka: move record to %q: %w", r.Topic, err))
		if mq.Sleep(ctx, c.s.Backoff(n)) != nil {
			return false
		}
		dctx, cancel := context.WithTimeout(ctx, c.s.PublishTimeout)
		if err := c.topo.Declare(dctx, cl); err != nil {
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
