package rabbitmq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/effects"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// runConsumer starts c and returns a function that stops it and returns
// Run's error.
func runConsumer(t *testing.T, c *Consumer) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				t.Fatal("consumer did not stop")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// startRecorder runs a consumer on topo that acknowledges every message;
// received(id) reports whether the message with that ID has arrived.
func startRecorder(t *testing.T, url string, topo Topology) (c *Consumer, received func(id string) func() bool) {
	t.Helper()
	var mu sync.Mutex
	seen := map[string]bool{}
	c = NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		seen[d.MessageID] = true
		mu.Unlock()
		return nil
	}, ConsumerSettings{Backoff: fastBackoff})
	runConsumer(t, c)
	return c, func(id string) func() bool {
		return func() bool { mu.Lock(); defer mu.Unlock(); return seen[id] }
	}
}

// publishAll publishes msgs and waits for every confirm. It fails when the
// publisher makes no progress for stallBound — room in the confirm window
// for the next message, or the next confirm — not after a fixed time, so a
// busy machine slows it down without failing it.
func publishAll(t *testing.T, url string, msgs ...Message) {
	t.Helper()
	p := NewPublisher(url, PublisherSettings{Backoff: fastBackoff})
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), stallBound)
		defer cancel()
		_ = p.Close(ctx)
	}()
	receipts := make([]*Receipt, 0, len(msgs))
	for _, m := range msgs {
		ctx, cancel := context.WithTimeout(context.Background(), stallBound)
		r, err := p.PublishAsync(ctx, m)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	for _, r := range receipts {
		ctx, cancel := context.WithTimeout(context.Background(), stallBound)
		err := r.Wait(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// stallBound is how long a test waits for the next step of work that is
// moving: a sign of a stuck publisher or consumer, not of a slow machine.
const stallBound = 30 * time.Second

// deadLetters waits until topo's DLQ holds n messages and returns them.
func deadLetters(t *testing.T, url string, topo Topology, n int) []DeadLetter {
	t.Helper()
	conn := dial(t, url)
	eventually(t, 30*time.Second, "dead letters", func() bool { return queueLen(t, conn, topo.DeadLetterQueue()) >= n })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pub := NewPublisher(url, PublisherSettings{Backoff: fastBackoff})
	defer pub.Close(ctx)
	dls, err := InspectDeadLetters(ctx, conn, pub, topo, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(dls) != n {
		t.Fatalf("%d dead letters, want %d", len(dls), n)
	}
	return dls
}

func TestRetryWithGrowingDelaysThenDeadLetter(t *testing.T) {
	url := testenv.AMQPURL(t)
	delays := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: delays}
	declare(t, url, topo)

	var mu sync.Mutex
	var attempts []int
	var times []time.Time
	c := NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		attempts = append(attempts, d.Attempt)
		times = append(times, time.Now())
		return errors.New("downstream unavailable")
	}, ConsumerSettings{Backoff: fastBackoff})
	stop := runConsumer(t, c)
	publishAll(t, url, Message{ID: "m-1", RoutingKey: topo.Queue, Body: []byte("order 1")})

	dl := deadLetters(t, url, topo, 1)[0]
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if dl.MessageID != "m-1" || dl.IdempotencyKey != "m-1" || string(dl.Body) != "order 1" {
		t.Fatalf("dead letter %+v is not the published message", dl)
	}
	if dl.Reason != "exhausted" || dl.LastError != "downstream unavailable" || dl.Attempt != 4 {
		t.Fatalf("dead letter reason %q, last error %q, attempt %d", dl.Reason, dl.LastError, dl.Attempt)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(attempts) != 4 {
		t.Fatalf("handler saw attempts %v, want 1..4", attempts)
	}
	for i, a := range attempts {
		if a != i+1 {
			t.Fatalf("handler saw attempts %v, want 1..4", attempts)
		}
	}
	// Each retry waited at least its delay: the broker's TTL is a floor.
	for i, d := range delays {
		if gap := times[i+1].Sub(times[i]); gap < d {
			t.Errorf("attempt %d came %v after attempt %d, want at least %v", i+2, gap, i+1, d)
		}
	}
}

func TestPoisonAndPanic(t *testing.T) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{10 * time.Millisecond}}
	declare(t, url, topo)

	errBadInput := errors.New("malformed order")
	var mu sync.Mutex
	calls := map[string]int{}
	c := NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		calls[d.MessageID]++
		mu.Unlock()
		switch d.MessageID {
		case "poison":
			return mq.Poison(errBadInput)
		case "panic":
			panic("nil map")
		}
		return nil
	}, ConsumerSettings{Concurrency: 2, Backoff: fastBackoff})
	runConsumer(t, c)
	publishAll(t, url,
		Message{ID: "poison", RoutingKey: topo.Queue},
		Message{ID: "panic", RoutingKey: topo.Queue},
		Message{ID: "fine", RoutingKey: topo.Queue})

	got := map[string]DeadLetter{}
	for _, dl := range deadLetters(t, url, topo, 2) {
		got[dl.MessageID] = dl
	}
	for id, dl := range got {
		if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(dl.Headers[mq.HeaderFirstFailure])); err != nil {
			t.Errorf("%s: %s: %v", id, mq.HeaderFirstFailure, err)
		}
	}
	if dl := got["poison"]; dl.Reason != mq.ReasonPoison || dl.LastError != errBadInput.Error() || dl.Attempt != 1 {
		t.Errorf("poison dead letter: %+v", dl)
	}
	if dl := got["panic"]; dl.Reason != mq.ReasonExhausted || dl.LastError != "handler panicked: nil map" || dl.Attempt != 2 {
		t.Errorf("panic dead letter: %+v", dl)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls["poison"] != 1 || calls["panic"] != 2 || calls["fine"] != 1 {
		t.Errorf("handler calls %v, want poison 1, panic 2, fine 1", calls)
	}
}

func TestShutdownTimeoutLeavesMessageQueued(t *testing.T) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	started := make(chan struct{})
	var once sync.Once
	c := NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
		once.Do(func() { close(started) })
		<-ctx.Done() // a handler that only stops when told to
		return ctx.Err()
	}, ConsumerSettings{ShutdownTimeout: 100 * time.Millisecond, Backoff: fastBackoff})
	stop := runConsumer(t, c)
	publishAll(t, url, Message{ID: "slow", RoutingKey: topo.Queue})
	<-started
	if err := stop(); !errors.Is(err, mq.ErrShutdownTimeout) {
		t.Fatalf("Run = %v, want mq.ErrShutdownTimeout", err)
	}
	conn := dial(t, url)
	eventually(t, 10*time.Second, "message back in the queue", func() bool { return queueLen(t, conn, topo.Queue) == 1 })
	if n := queueLen(t, conn, topo.DeadLetterQueue()); n != 0 {
		t.Fatalf("interrupted message was dead-lettered (%d)", n)
	}
}

func TestConsumerResumesAfterQueueDeleted(t *testing.T) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	c, received := startRecorder(t, url, topo)
	eventually(t, 10*time.Second, "consumer to start", func() bool { return c.ch.Load() != nil })
	first := c.ch.Load()

	// Deleting the queue makes the broker cancel the consumer (basic.cancel).
	ch, err := dial(t, url).Channel()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ch.QueueDelete(topo.Queue, false, false, false); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "consumer to come back", func() bool {
		cur := c.ch.Load()
		return cur != nil && cur != first
	})
	publishAll(t, url, Message{ID: "after", RoutingKey: topo.Queue})
	eventually(t, 10*time.Second, "message on the redeclared queue", received("after"))
}

// TestFaultRetryQueueDeletedUnderConsumer deletes the retry queue under a
// running consumer, whose topology declaration ran when it connected, and
// then sends a message that fails once. Publishing it to the missing retry
// queue fails as unroutable; the consumer must hold the message, declare the
// topology again and move it, never requeue it to fail again at once.
func TestFaultRetryQueueDeletedUnderConsumer(t *testing.T) {
	testenv.FaultRun(t)
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{50 * time.Millisecond}}
	declare(t, url, topo)

	var mu sync.Mutex
	var attempts []int
	settled := make(chan struct{}) // handled at attempt 2, or attempt 1 came again
	var once sync.Once
	c := NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		attempts = append(attempts, d.Attempt)
		if d.Attempt > 1 || len(attempts) > 1 {
			once.Do(func() { close(settled) })
		}
		if d.Attempt > 1 {
			return nil
		}
		return errors.New("downstream unavailable")
	}, ConsumerSettings{Backoff: fastBackoff})
	runConsumer(t, c)
	eventually(t, 10*time.Second, "consumer to start", func() bool { return c.ch.Load() != nil })

	ch, err := dial(t, url).Channel()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ch.QueueDelete(topo.RetryQueue(1), false, false, false); err != nil {
		t.Fatal(err)
	}
	publishAll(t, url, Message{ID: "m-1", RoutingKey: topo.Queue})

	select {
	case <-settled:
	case <-time.After(30 * time.Second):
	}
	dead := queueLen(t, dial(t, url), topo.DeadLetterQueue())
	mu.Lock()
	defer mu.Unlock()
	handled, requeued := 0, -1
	for _, a := range attempts {
		if a == 1 {
			requeued++
		} else {
			handled++
		}
	}
	t.Logf("sent 1; handler calls by attempt %v: handled %d, requeued %d; dead-lettered %d; lost %d",
		attempts, handled, requeued, dead, max(0, 1-handled-dead))
	if fmt.Sprint(attempts) != "[1 2]" || dead != 0 {
		t.Fatalf("handler calls by attempt %v, %d dead-lettered; want attempt 1 once, then attempt 2, nothing dead-lettered", attempts, dead)
	}
}

// TestTopologyConflictStopsRun declares the work queue as a classic queue
// and then runs a consumer whose topology wants a quorum queue: the broker
// refuses with PRECONDITION_FAILED and Run gives up instead of retrying.
func TestTopologyConflictStopsRun(t *testing.T) {
	url := testenv.AMQPURL(t)
	name := mqtest.Name(t)
	declare(t, url, Topology{Queue: name, Type: Classic, RetryDelays: []time.Duration{}})

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := NewConsumer(url, Topology{Queue: name, RetryDelays: []time.Duration{}},
		func(context.Context, Delivery) error { return nil }, ConsumerSettings{Backoff: fastBackoff})
	err := c.Run(ctx)
	var amqpErr *amqp.Error
	if !errors.As(err, &amqpErr) || amqpErr.Code != amqp.PreconditionFailed {
		t.Fatalf("Run = %v, want PRECONDITION_FAILED", err)
	}
}

// TestTxConsumerAppliesEachMessageOnce publishes 300 messages, 100 of them
// twice (a publisher that sent again after a lost confirm), lets every 50th
// fail its first attempt and one be poison, and only then starts a
// group-commit consumer (NewTxConsumer, then NewBulkTxConsumer), so that
// deliveries arrive together. Each effect
// must be applied once, the copies reported as duplicates, the poison
// message dead-lettered without its effect, and transactions must have
// carried more than one message each (PostgreSQL's txid_current tells them
// apart).
func TestTxConsumerAppliesEachMessageOnce(t *testing.T) {
	t.Run("tx", func(t *testing.T) { testGroupCommitOnce(t, false) })
	t.Run("bulk", func(t *testing.T) { testGroupCommitOnce(t, true) })
}

// testGroupCommitOnce runs TestTxConsumerAppliesEachMessageOnce with a
// TxHandler, or with a BulkTxHandler that applies each delivery of its
// batch in turn and fails the batch with the first delivery that fails.
func testGroupCommitOnce(t *testing.T, bulk bool) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{20 * time.Millisecond}}
	declare(t, url, topo)
	st := effects.Store(t, mqtest.PostgresSchema(t))
	var msgs []Message
	for i := range 300 {
		m := Message{ID: fmt.Sprintf("m-%03d", i), RoutingKey: topo.Queue}
		msgs = append(msgs, m)
		if i%3 == 0 {
			msgs = append(msgs, m)
		}
	}
	publishAll(t, url, msgs...)

	var mu sync.Mutex
	outcomes := map[mq.Outcome]int{}
	perTx := map[int64]int{} // deliveries handled by transaction
	apply := func(ctx context.Context, tx *sql.Tx, d Delivery) error {
		var txid int64
		if err := tx.QueryRowContext(ctx, `SELECT txid_current()`).Scan(&txid); err != nil {
			return err
		}
		mu.Lock()
		perTx[txid]++
		mu.Unlock()
		var i int
		fmt.Sscanf(d.MessageID, "m-%d", &i)
		switch {
		case i == 299:
			if err := insertEffect(ctx, tx, d); err != nil {
				return err
			}
			return mq.Poison(errors.New("refused")) // its effect is rolled back
		case i%50 == 0 && d.Attempt == 1:
			return errors.New("downstream unavailable")
		}
		return insertEffect(ctx, tx, d)
	}
	s := ConsumerSettings{Concurrency: 2, Backoff: fastBackoff, Observe: func(e mq.Event) {
		mu.Lock()
		outcomes[e.Outcome]++
		mu.Unlock()
	}}
	c := NewTxConsumer(url, topo, st, apply, s)
	applyEach, largestBulk := effects.Each(apply)
	if bulk {
		c = NewBulkTxConsumer(url, topo, st, applyEach, s)
	}
	runConsumer(t, c)
	eventually(t, 30*time.Second, "all effects", func() bool { _, distinct := effects.Count(t, st); return distinct == 299 })
	deadLetters(t, url, topo, 1)
	if rows, distinct := effects.Count(t, st); rows != 299 || distinct != 299 {
		t.Fatalf("effects: %d rows, %d distinct; want 299 of each (m-299 is poison)", rows, distinct)
	}
	mu.Lock()
	defer mu.Unlock()
	// Six messages fail once; two of them (m-000, m-150) were sent twice,
	// and a copy fails with its original when both are in one batch. A copy
	// of m-299 (sent once) cannot be a duplicate.
	if outcomes[mq.Duplicate] != 100 || outcomes[mq.Retried] < 6 || outcomes[mq.Retried] > 8 ||
		outcomes[mq.Handled] != 299 || outcomes[mq.DeadLettered] != 1 {
		t.Fatalf("outcomes %v, want 299 handled, 100 duplicates, 6 to 8 retried, 1 dead-lettered", outcomes)
	}
	largest := 0
	for _, n := range perTx {
		largest = max(largest, n)
	}
	t.Logf("%d transactions for %d handler calls, the largest with %d", len(perTx), outcomes[mq.Handled]+outcomes[mq.Retried]+outcomes[mq.DeadLettered], largest)
	if largest < 2 {
		t.Fatalf("no transaction handled more than one message")
	}
	if bulk && largestBulk() < 2 {
		t.Fatalf("the bulk handler never got more than one delivery at once")
	}
}
