package rabbitmq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/liveness"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/effects"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// TestExactlyOnceEffectDespiteConnectionCuts publishes 10,000 messages through
// a proxy that cuts every connection (publisher and both consumers) six times
// mid-stream. Lost confirms make the publisher republish and lost acks make
// the broker redeliver, so duplicates reach the consumers; the idempotency
// store on PostgreSQL, shared by two consumer instances, must absorb them so
// that every message's effect is applied exactly once: with a Handler that
// calls Store.Do, and with group commit (NewTxConsumer, NewBulkTxConsumer),
// where a cut can also hit between a batch's commit and its acks.
func TestExactlyOnceEffectDespiteConnectionCuts(t *testing.T) {
	for _, mode := range []string{"store.Do", "group-commit", "bulk"} {
		t.Run(mode, func(t *testing.T) { testExactlyOnceEffect(t, mode) })
	}
}

func testExactlyOnceEffect(t *testing.T, mode string) {
	const total, cuts = 10_000, 6
	url := testenv.AMQPURL(t)
	proxy, viaProxy := proxied(t, url)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{50 * time.Millisecond}}
	declare(t, url, topo)

	ctx := context.Background()
	store, err := idempotency.OpenPostgres(ctx, mqtest.PostgresSchema(t), idempotency.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.DB().ExecContext(ctx, `CREATE TABLE effects (key text NOT NULL)`); err != nil {
		t.Fatal(err)
	}

	var handled, duplicates atomic.Int64
	handler := func(ctx context.Context, d Delivery) error {
		handled.Add(1)
		dup, err := store.Do(ctx, d.IdempotencyKey, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO effects (key) VALUES ($1)`, string(d.Body))
			return err
		})
		if dup {
			duplicates.Add(1)
		}
		return err
	}
	txHandler := func(ctx context.Context, tx *sql.Tx, d Delivery) error {
		handled.Add(1)
		_, err := tx.ExecContext(ctx, `INSERT INTO effects (key) VALUES ($1)`, string(d.Body))
		return err
	}
	bulkHandler := func(ctx context.Context, tx *sql.Tx, ds []Delivery) error {
		handled.Add(int64(len(ds)))
		keys := make([]string, len(ds))
		for i, d := range ds {
			keys[i] = string(d.Body)
		}
		return effects.InsertAll(ctx, tx, false, keys)
	}
	for i := range 2 {
		s := ConsumerSettings{Concurrency: 4, Prefetch: 64, Backoff: fastBackoff, Name: fmt.Sprintf("consumer-%d", i)}
		c := NewConsumer(viaProxy, topo, handler, s)
		if mode != "store.Do" {
			s.Observe = func(e mq.Event) {
				if e.Outcome == mq.Duplicate {
					duplicates.Add(1)
				}
			}
			c = NewTxConsumer(viaProxy, topo, store, txHandler, s)
			if mode == "bulk" {
				c = NewBulkTxConsumer(viaProxy, topo, store, bulkHandler, s)
			}
		}
		runConsumer(t, c)
	}

	pub := NewPublisher(viaProxy, PublisherSettings{Backoff: fastBackoff})
	pctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	receipts := make([]*Receipt, 0, total)
	dropped := 0
	for i := range total {
		if i > 0 && i%(total/(cuts+1)) == 0 && dropped < cuts {
			proxy.DropAll()
			dropped++
		}
		r, err := pub.PublishAsync(pctx, Message{ID: fmt.Sprintf("msg-%05d", i), RoutingKey: topo.Queue, Body: fmt.Appendf(nil, "%05d", i)})
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	for _, r := range receipts {
		if err := r.Wait(pctx); err != nil {
			t.Fatalf("message %s: %v", r.MessageID(), err)
		}
	}
	if err := pub.Close(pctx); err != nil {
		t.Fatal(err)
	}

	count := func() (rows, distinct int) {
		err := store.DB().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT key) FROM effects`).Scan(&rows, &distinct)
		if err != nil {
			t.Fatal(err)
		}
		return rows, distinct
	}
	conn := dial(t, url)
	eventually(t, 90*time.Second, "all effects", func() bool {
		rows, _ := count()
		return rows >= total && queueLen(t, conn, topo.Queue) == 0
	})
	if rows, distinct := count(); rows != total || distinct != total {
		t.Fatalf("effects: %d rows, %d distinct; want %d of each", rows, distinct, total)
	}
	if n := queueLen(t, conn, topo.DeadLetterQueue()); n != 0 {
		t.Fatalf("%d messages dead-lettered, want none", n)
	}
	t.Logf("%d cuts; %d handler calls for %d messages, %d duplicates absorbed by the store",
		dropped, handled.Load(), total, duplicates.Load())
}

// TestShutdownMidStreamLosesAndRepeatsNothing stops a consumer while it is
// busy and lets a second one finish the queue. Nothing may be lost, and each
// message's effect (recorded through the idempotency store) must happen once:
// the first consumer acknowledges what it finished and hands back what it had
// not started.
//
// On a classic queue the handler itself must also run exactly once per
// message. A quorum queue on RabbitMQ 3.10 sometimes ignores acks that arrive
// just before the channel closes (rabbitmq/rabbitmq-server#10327, open) and
// delivers those messages again; there the store absorbs the repeat, which is
// why consumers of quorum queues need it.
func TestShutdownMidStreamLosesAndRepeatsNothing(t *testing.T) {
	for _, qt := range []QueueType{Classic, Quorum} {
		t.Run(string(qt), func(t *testing.T) { testShutdownMidStream(t, qt) })
	}
}

func testShutdownMidStream(t *testing.T, qt QueueType) {
	const total = 1000
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), Type: qt, RetryDelays: []time.Duration{}}
	declare(t, url, topo)
	msgs := make([]Message, total)
	for i := range msgs {
		msgs[i] = Message{ID: fmt.Sprintf("msg-%04d", i), RoutingKey: topo.Queue}
	}
	publishAll(t, url, msgs...)

	// The effect (one row per message) goes through the idempotency store;
	// handler calls are counted outside it, where a repeat shows.
	ctx := context.Background()
	store, err := idempotency.OpenSQLite(ctx, filepath.Join(t.TempDir(), "processed.db"), idempotency.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.DB().ExecContext(ctx, `CREATE TABLE effects (key TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	calls := map[string]int{}
	var inFirst atomic.Int64
	handler := func(first bool) Handler {
		return func(ctx context.Context, d Delivery) error {
			mu.Lock()
			calls[d.MessageID]++
			mu.Unlock()
			if first {
				inFirst.Add(1)
			}
			time.Sleep(time.Millisecond) // some work, so that shutdown finds handlers running
			_, err := store.Do(ctx, d.IdempotencyKey, func(ctx context.Context, tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO effects (key) VALUES (?)`, d.MessageID)
				return err
			})
			return err
		}
	}

	stopFirst := runConsumer(t, NewConsumer(url, topo, handler(true), ConsumerSettings{
		Concurrency: 4, Prefetch: 50, Backoff: fastBackoff,
	}))
	eventually(t, 30*time.Second, "first consumer to get going", func() bool { return inFirst.Load() >= total/3 })
	if err := stopFirst(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	handledFirst := inFirst.Load()

	runConsumer(t, NewConsumer(url, topo, handler(false), ConsumerSettings{Concurrency: 4, Backoff: fastBackoff}))
	conn := dial(t, url)
	var rows, distinct int
	eventually(t, 30*time.Second, "second consumer to finish", func() bool {
		err := store.DB().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT key) FROM effects`).Scan(&rows, &distinct)
		if err != nil {
			t.Fatal(err)
		}
		return rows >= total && queueLen(t, conn, topo.Queue) == 0
	})
	if rows != total || distinct != total {
		t.Fatalf("effects: %d rows, %d distinct; want %d of each", rows, distinct, total)
	}
	mu.Lock()
	defer mu.Unlock()
	repeats := 0
	for id, n := range calls {
		if n != 1 {
			repeats++
			if qt == Classic {
				t.Errorf("message %s handled %d times", id, n)
			}
		}
	}
	t.Logf("first consumer handled %d of %d before shutdown; %d messages handled again (absorbed by the store)",
		handledFirst, total, repeats)
}

// TestConsumerSurvivesBrokerChannelClose makes the broker close the
// consumer's channel with a channel exception (an ack for an unknown delivery
// tag: 406 PRECONDITION_FAILED) and checks that consumption resumes.
func TestConsumerSurvivesBrokerChannelClose(t *testing.T) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	c, received := startRecorder(t, url, topo)

	publishAll(t, url, Message{ID: "before", RoutingKey: topo.Queue})
	eventually(t, 10*time.Second, "message before the channel error", received("before"))

	ch := c.ch.Load()
	closed := ch.NotifyClose(make(chan *amqp.Error, 1))
	if err := ch.Ack(1<<40, false); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-closed:
		if err == nil || err.Code != 406 {
			t.Fatalf("channel closed with %v, want 406 PRECONDITION_FAILED", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("broker did not close the channel")
	}

	publishAll(t, url, Message{ID: "after", RoutingKey: topo.Queue})
	eventually(t, 10*time.Second, "message after the channel error", received("after"))
	if c.ch.Load() == ch {
		t.Fatal("consumer still on the closed channel")
	}
}

// TestFaultPublisherResolvesEveryMessage publishes messages through a proxy
// that cuts the publisher's connection every 20 ms (50,000 messages), and
// again every 200 ms (100,000 messages). Each message must end confirmed or
// failed with an error, whatever the cuts hit (a publish, a passive declare,
// a confirm in flight), and every confirmed message must be in the queue.
// Before the fix a publish that failed inside the send loop left the loop
// waiting with no connection and no reconnect timer, and the run stopped
// with a full window (after a few hundred messages at 20 ms). The 20 ms run
// has half the messages of the 200 ms one: with 100,000 it took over 80 s
// under -race when the whole suite ran on two cores.
func TestFaultPublisherResolvesEveryMessage(t *testing.T) {
	testenv.FaultRun(t)
	for _, run := range []struct {
		every time.Duration
		total int
	}{{20 * time.Millisecond, 50_000}, {200 * time.Millisecond, 100_000}} {
		t.Run(run.every.String(), func(t *testing.T) { testPublisherUnderCuts(t, run.every, run.total) })
	}
}

func testPublisherUnderCuts(t *testing.T, every time.Duration, total int) {
	url := testenv.AMQPURL(t)
	proxy, viaProxy := proxied(t, url)
	topo := Topology{Queue: mqtest.Name(t), Type: Classic, RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	// The liveness bound: a publisher that makes no room in its confirm
	// window, or resolves no message, for stallBound fails the test here
	// instead of hanging it; a slow machine only slows it down.
	pub := NewPublisher(viaProxy, PublisherSettings{Backoff: fastBackoff})
	cutter := proxy.CutEvery(every, 0)
	receipts := make([]*Receipt, 0, total)
	var stuck error
	for i := range total {
		ctx, cancel := context.WithTimeout(context.Background(), stallBound)
		r, err := pub.PublishAsync(ctx, Message{ID: fmt.Sprintf("m-%06d", i), RoutingKey: topo.Queue})
		cancel()
		if err != nil {
			stuck = err
			break
		}
		receipts = append(receipts, r)
	}
	cuts, conns := cutter.Stop()

	confirmed := map[string]bool{}
	failures := map[string]int{} // by error kind
	unresolved := 0
	stalled := false
	for _, r := range receipts {
		if !stalled {
			select {
			case <-r.Done():
			case <-time.After(stallBound):
				stalled = true // the rest are counted as they stand
			}
		}
		switch err := r.Err(); {
		case !isDone(r):
			unresolved++
		case err == nil:
			confirmed[r.MessageID()] = true
		case errors.Is(err, ErrUnconfirmed):
			failures["unconfirmed"]++
		case errors.Is(err, ErrNacked):
			failures["nacked"]++
		default:
			t.Errorf("message %s: unexpected error %v", r.MessageID(), err)
		}
	}
	closeCtx, cancelClose := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelClose()
	if err := pub.Close(closeCtx); err != nil {
		t.Errorf("Close: %v", err)
	}

	var delivered map[string]int
	if unresolved == 0 {
		delivered = drainIDs(t, url, topo.Queue)
	}
	lost, duplicated := 0, 0
	for id := range confirmed {
		if delivered[id] == 0 {
			lost++
		}
	}
	for _, n := range delivered {
		duplicated += max(0, n-1)
	}
	t.Logf("every %v: %d cuts (%d connections); sent %d, confirmed %d, failed %v, neither %d; in the queue %d distinct, %d duplicated; lost %d",
		every, cuts, conns, len(receipts), len(confirmed), failures, unresolved, len(delivered), duplicated, lost)
	if stuck != nil {
		t.Errorf("PublishAsync of message %d: %v", len(receipts), stuck)
	}
	if unresolved > 0 {
		t.Fatalf("%d messages neither confirmed nor failed within the bound", unresolved)
	}
	if lost > 0 {
		t.Fatalf("%d confirmed messages are not in the queue", lost)
	}
}

func isDone(r *Receipt) bool {
	select {
	case <-r.Done():
		return true
	default:
		return false
	}
}

// drainIDs consumes everything in queue and returns how often each message
// ID arrived.
func drainIDs(t *testing.T, url, queue string) map[string]int {
	t.Helper()
	conn := dial(t, url)
	n := queueLen(t, conn, queue)
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	if err := ch.Qos(1000, 0, false); err != nil {
		t.Fatal(err)
	}
	deliveries, err := ch.Consume(queue, "", false, false, false, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	timeout := time.NewTimer(time.Minute)
	defer timeout.Stop()
	for i := range n {
		select {
		case d, ok := <-deliveries:
			if !ok {
				t.Fatalf("consumer closed after %d of %d messages", i, n)
			}
			ids[d.MessageId]++
			if (i+1)%500 == 0 || i+1 == n {
				if err := d.Ack(true); err != nil {
					t.Fatal(err)
				}
			}
		case <-timeout.C:
			t.Fatalf("%d of %d messages drained after a minute", i, n)
		}
	}
	return ids
}

// TestFaultConsumersDrainUnderCuts runs two consumers through a proxy that
// cuts all their connections (consuming and retry publishing) every 100 ms.
// Every third message fails on its first attempt, so a third of the traffic
// goes through the retry publisher. The queue must drain: every message
// handled, none dead-lettered. Before the fix a retry publish waited on a
// publisher that had stopped for good, the handlers stalled one by one, and
// consumption stopped.
func TestFaultConsumersDrainUnderCuts(t *testing.T) {
	testenv.FaultRun(t)
	const total = 60_000
	url := testenv.AMQPURL(t)
	proxy, viaProxy := proxied(t, url)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{10 * time.Millisecond}}
	declare(t, url, topo)
	msgs := make([]Message, total)
	for i := range msgs {
		msgs[i] = Message{ID: fmt.Sprintf("m-%05d", i), RoutingKey: topo.Queue, Body: fmt.Append(nil, i)}
	}
	publishAll(t, url, msgs...)

	var (
		mu          sync.Mutex
		handled     = map[string]int{} // successful handler calls by message
		calls       int
		failed      int
		errReported atomic.Int64
	)
	handler := func(ctx context.Context, d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if i, _ := strconv.Atoi(string(d.Body)); i%3 == 0 && d.Attempt == 1 {
			failed++
			return errors.New("downstream unavailable")
		}
		handled[d.MessageID]++
		return nil
	}
	for i := range 2 {
		runConsumer(t, NewConsumer(viaProxy, topo, handler, ConsumerSettings{
			Concurrency: 4, Prefetch: 32, Backoff: fastBackoff, PublishTimeout: time.Second,
			Name: fmt.Sprintf("consumer-%d", i), OnError: func(error) { errReported.Add(1) },
		}))
	}

	cutter := proxy.CutEvery(100*time.Millisecond, 0)
	stuck := liveness.Await(50*time.Millisecond, 30*time.Second, func() (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return total - len(handled), nil
	})
	cuts, conns := cutter.Stop()
	dead := queueLen(t, dial(t, url), topo.DeadLetterQueue())

	mu.Lock()
	defer mu.Unlock()
	duplicated := 0
	for _, n := range handled {
		duplicated += n - 1
	}
	t.Logf("%d cuts (%d connections); sent %d, handled %d (%d handler calls, %d transient failures), duplicated %d, dead-lettered %d, lost %d; %d errors reported",
		cuts, conns, total, len(handled), calls, failed, duplicated, dead, total-len(handled), errReported.Load())
	if stuck != nil || len(handled) != total || dead != 0 {
		t.Fatalf("%d of %d messages handled, %d dead-lettered; want all handled, none dead-lettered (%v)", len(handled), total, dead, stuck)
	}
}

// TestFaultGroupCommitUnderCuts runs two group-commit consumers (NewTxConsumer
// on one PostgreSQL store) through a proxy that cuts all their connections
// every 100 ms, so cuts land between a batch's commit and its acks. Every
// third message fails on its first attempt and goes through the retry
// publisher. Each of the 10,000 effects must be applied exactly once and
// nothing dead-lettered.
//
// At ten cuts a second, prefetched messages come back unacknowledged at
// nearly every cut, and the quorum queue's delivery limit (20 by default)
// dead-lettered copies of messages that were applied (once) all the same:
// 4,207 with prefetch 128, and 159 with prefetch 32 when the machine was
// loaded. That safety net is for messages that crash consumers, not what
// this test is about, so the test raises the limit to 1,000.
func TestFaultGroupCommitUnderCuts(t *testing.T) {
	testenv.FaultRun(t)
	const total = 10_000
	url := testenv.AMQPURL(t)
	proxy, viaProxy := proxied(t, url)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{10 * time.Millisecond}, DeliveryLimit: 1000}
	declare(t, url, topo)
	st := effects.Store(t, mqtest.PostgresSchema(t))
	msgs := make([]Message, total)
	for i := range msgs {
		msgs[i] = Message{ID: fmt.Sprintf("m-%05d", i), RoutingKey: topo.Queue, Body: fmt.Append(nil, i)}
	}
	publishAll(t, url, msgs...)

	var calls, failed, duplicates, errReported atomic.Int64
	handler := func(ctx context.Context, tx *sql.Tx, d Delivery) error {
		calls.Add(1)
		if i, _ := strconv.Atoi(string(d.Body)); i%3 == 0 && d.Attempt == 1 {
			failed.Add(1)
			return errors.New("downstream unavailable")
		}
		return insertEffect(ctx, tx, d)
	}
	for i := range 2 {
		runConsumer(t, NewTxConsumer(viaProxy, topo, st, handler, ConsumerSettings{
			Concurrency: 4, Prefetch: 32, Backoff: fastBackoff, PublishTimeout: time.Second,
			Name: fmt.Sprintf("consumer-%d", i), OnError: func(error) { errReported.Add(1) },
			Observe: func(e mq.Event) {
				if e.Outcome == mq.Duplicate {
					duplicates.Add(1)
				}
			},
		}))
	}

	cutter := proxy.CutEvery(100*time.Millisecond, 0)
	stuck := liveness.Await(50*time.Millisecond, 30*time.Second, func() (int, error) {
		_, distinct := effects.Count(t, st)
		return total - distinct, nil
	})
	cuts, conns := cutter.Stop()
	dead := queueLen(t, dial(t, url), topo.DeadLetterQueue())
	rows, distinct := effects.Count(t, st)
	t.Logf("%d cuts (%d connections); sent %d, applied %d (%d handler calls, %d transient failures, %d duplicates absorbed by the store), applied twice %d, dead-lettered %d, lost %d; %d errors reported",
		cuts, conns, total, distinct, calls.Load(), failed.Load(), duplicates.Load(), rows-distinct, dead, total-distinct, errReported.Load())
	if stuck != nil || distinct != total || rows != total || dead != 0 {
		t.Fatalf("%d effects of %d messages (%d distinct), %d dead-lettered; want each applied once, none dead-lettered (%v)", rows, total, distinct, dead, stuck)
	}
}
