package sqs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/effects"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

func TestRetryThenDeadLetter(t *testing.T) {
	cl, _ := mqtest.SQS(t)
	topo := Topology{Queue: queueName(t, false), RetryDelays: []time.Duration{time.Second, 2 * time.Second}}
	urls := declare(t, cl, topo)

	var mu sync.Mutex
	var attempts []int
	var times []time.Time
	c := NewConsumer(cl, topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		attempts = append(attempts, d.Attempt)
		times = append(times, time.Now())
		return errors.New("downstream unavailable")
	}, ConsumerSettings{Backoff: fastBackoff, WaitTime: time.Second})
	stop := runConsumer(t, c)
	p := NewPublisher(cl, urls.Queue, false, PublisherSettings{})
	if err := p.Publish(context.Background(), Message{ID: "m-1", Body: []byte("order 1")}); err != nil {
		t.Fatal(err)
	}
	dl := receiveAll(t, cl, urls.DeadLetter, false, 1)[0]
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	a := dl.Attributes
	if dl.MessageID != "m-1" || string(dl.Body) != "order 1" || dl.Attempt != 3 ||
		a[mq.HeaderDeadLetterReason] != mq.ReasonExhausted || a[mq.HeaderLastError] != "downstream unavailable" || a[mq.HeaderFirstFailure] == "" {
		t.Fatalf("dead letter %+v", dl)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(attempts, []int{1, 2, 3}) {
		t.Fatalf("handler saw attempts %v, want 1..3", attempts)
	}
	for i, d := range topo.RetryDelays {
		if gap := times[i+1].Sub(times[i]); gap < d {
			t.Errorf("attempt %d came %v after attempt %d, want at least %v", i+2, gap, i+1, d)
		}
	}
}

func TestPoisonAndPanic(t *testing.T) {
	cl, _ := mqtest.SQS(t)
	topo := Topology{Queue: queueName(t, false), RetryDelays: []time.Duration{time.Second}}
	urls := declare(t, cl, topo)
	var mu sync.Mutex
	calls := map[string]int{}
	c := NewConsumer(cl, topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		calls[d.MessageID]++
		mu.Unlock()
		switch d.MessageID {
		case "poison":
			return mq.Poison(errors.New("malformed order"))
		case "panic":
			panic("nil map")
		}
		return nil
	}, ConsumerSettings{Backoff: fastBackoff, WaitTime: time.Second})
	runConsumer(t, c)
	p := NewPublisher(cl, urls.Queue, false, PublisherSettings{})
	if err := p.PublishBatch(context.Background(), []Message{{ID: "poison"}, {ID: "panic"}, {ID: "fine"}}); err != nil {
		t.Fatal(err)
	}
	got := map[string]Delivery{}
	for _, dl := range receiveAll(t, cl, urls.DeadLetter, false, 2) {
		got[dl.MessageID] = dl
	}
	if dl := got["poison"]; dl.Attributes[mq.HeaderDeadLetterReason] != mq.ReasonPoison || dl.Attempt != 1 {
		t.Errorf("poison dead letter: %+v", dl)
	}
	if dl := got["panic"]; dl.Attributes[mq.HeaderDeadLetterReason] != mq.ReasonExhausted ||
		dl.Attributes[mq.HeaderLastError] != "handler panicked: nil map" || dl.Attempt != 2 {
		t.Errorf("panic dead letter: %+v", dl)
	}
	eventually(t, 10*time.Second, "fine", func() bool { mu.Lock(); defer mu.Unlock(); return calls["fine"] == 1 })
}

// TestHeartbeatOutlivesVisibilityTimeout runs handlers three times as long
// as the visibility timeout: the heartbeat keeps each message hidden, so
// each is handled once and nothing is delivered twice.
func TestHeartbeatOutlivesVisibilityTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out visibility timeouts for about 25 s: skipped with -short; .ci/run runs it")
	}
	cl, _ := mqtest.SQS(t)
	topo := Topology{Queue: queueName(t, false), VisibilityTimeout: 2 * time.Second, RetryDelays: []time.Duration{}}
	urls := declare(t, cl, topo)
	var mu sync.Mutex
	calls := map[string]int{}
	handler := func(ctx context.Context, d Delivery) error {
		mu.Lock()
		calls[d.MessageID]++
		mu.Unlock()
		return mq.Sleep(ctx, 6*time.Second) // longer than the visibility timeout: only the heartbeat keeps it hidden
	}
	for range 2 {
		runConsumer(t, NewConsumer(cl, topo, handler, ConsumerSettings{Concurrency: 2, WaitTime: time.Second}))
	}
	var msgs []Message
	for i := range 4 {
		msgs = append(msgs, Message{ID: fmt.Sprint("slow-", i)})
	}
	if err := NewPublisher(cl, urls.Queue, false, PublisherSettings{}).PublishBatch(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "all handled", func() bool { mu.Lock(); defer mu.Unlock(); return len(calls) == 4 })
	time.Sleep(8 * time.Second) // a redelivery after an expired visibility timeout would show by now
	mu.Lock()
	defer mu.Unlock()
	for id, n := range calls {
		if n != 1 {
			t.Errorf("%s handled %d times, want once", id, n)
		}
	}
}

// TestFIFOOrderAndDeduplication sends two groups' messages in order, one of
// them twice within the deduplication window, and fails a-2 once: each
// group is handled in order (a-2's retry holds back the rest of group a),
// and the repeat is dropped by the queue.
//
// goaws differs from SQS here, and the test says so in its log: it does not
// return the MessageGroupId attribute, and it keeps only the most recently
// locked group in flight-locked state, so a retried message's group is
// released when another group is received; there, a-3 and a-4 overtake
// a-2. Against real SQS (SQS_ENDPOINT) the order of group a is asserted too.
func TestFIFOOrderAndDeduplication(t *testing.T) {
	cl, goaws := mqtest.SQS(t)
	topo := Topology{Queue: queueName(t, true), RetryDelays: []time.Duration{time.Second}}
	urls := declare(t, cl, topo)
	var mu sync.Mutex
	seen := map[string][]string{}
	failedOnce := false
	c := NewConsumer(cl, topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		if d.MessageID == "a-2" && !failedOnce {
			failedOnce = true // a retry on a FIFO queue keeps the group's order
			return errors.New("downstream unavailable")
		}
		group := d.MessageID[:1] // goaws does not return MessageGroupId
		seen[group] = append(seen[group], d.MessageID)
		return nil
	}, ConsumerSettings{Backoff: fastBackoff, WaitTime: time.Second})
	runConsumer(t, c)
	p := NewPublisher(cl, urls.Queue, true, PublisherSettings{})
	var msgs []Message
	for i := range 5 {
		msgs = append(msgs, Message{ID: fmt.Sprint("a-", i), GroupID: "a"}, Message{ID: fmt.Sprint("b-", i), GroupID: "b"})
	}
	if err := p.PublishBatch(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
	// A publisher retrying after a lost answer sends a-3 again: the queue
	// drops the repeat within the deduplication window.
	if err := p.PublishBatch(context.Background(), []Message{{ID: "a-3", GroupID: "a"}}); err != nil {
		t.Fatal(err)
	}
	distinct := func() int {
		n := 0
		for _, ids := range seen {
			n += len(slices.Compact(slices.Sorted(slices.Values(ids))))
		}
		return n
	}
	eventually(t, 30*time.Second, "both groups", func() bool { mu.Lock(); defer mu.Unlock(); return distinct() == 10 })
	time.Sleep(2 * time.Second) // a repeat that was not dropped would be handled by now
	mu.Lock()
	defer mu.Unlock()
	for _, g := range []string{"a", "b"} {
		want := []string{g + "-0", g + "-1", g + "-2", g + "-3", g + "-4"}
		if g == "a" && goaws != nil {
			t.Logf("goaws: group a handled in the order %v; SQS would hold a-3 and a-4 behind the retried a-2 and drop the repeated a-3", seen[g])
			// On goaws only the set is asserted: it neither holds a group
			// behind a retry nor, under load, always drops a repeat within
			// the deduplication window (consumers dedupe through the
			// idempotency store; TestFaultSQSExactlyOnce asserts that).
			seen[g] = slices.Compact(slices.Sorted(slices.Values(seen[g])))
		}
		if !slices.Equal(seen[g], want) {
			t.Errorf("group %s handled %v, want %v", g, seen[g], want)
		}
	}
}

// TestBulkTxConsumerAppliesEachMessageOnce publishes 30 messages, 10 of
// them twice, one poison and one that fails its first attempt, to a
// consumer whose handler applies a whole receive at once. Each effect is
// applied once, the copies are duplicates, the poison message is
// dead-lettered without its effect, and the handler gets more than one
// message at a time.
func TestBulkTxConsumerAppliesEachMessageOnce(t *testing.T) {
	cl, _ := mqtest.SQS(t)
	topo := Topology{Queue: queueName(t, false), RetryDelays: []time.Duration{time.Second}}
	urls := declare(t, cl, topo)
	st := effects.Store(t, mqtest.PostgresSchema(t))

	var msgs []Message
	for i := range 30 {
		m := Message{ID: fmt.Sprintf("m-%02d", i)}
		msgs = append(msgs, m)
		if i%3 == 1 {
			msgs = append(msgs, m) // sent again, as after a lost answer
		}
	}
	var mu sync.Mutex
	outcomes := map[mq.Outcome]int{}
	largest := 0
	c := NewBulkTxConsumer(cl, topo, st, func(ctx context.Context, tx *sql.Tx, ds []Delivery) error {
		mu.Lock()
		largest = max(largest, len(ds))
		mu.Unlock()
		for _, d := range ds {
			if err := insertEffect(ctx, tx, d); err != nil {
				return err
			}
			switch {
			case d.MessageID == "m-00":
				return mq.Poison(errors.New("malformed order")) // its effect is rolled back
			case d.MessageID == "m-03" && d.Attempt == 1:
				return errors.New("downstream unavailable")
			}
		}
		return nil
	}, ConsumerSettings{Backoff: fastBackoff, WaitTime: time.Second, Observe: func(e mq.Event) {
		mu.Lock()
		outcomes[e.Outcome]++
		mu.Unlock()
	}})
	runConsumer(t, c)
	p := NewPublisher(cl, urls.Queue, false, PublisherSettings{})
	for batch := range slices.Chunk(msgs, 10) {
		if err := p.PublishBatch(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	if dl := receiveAll(t, cl, urls.DeadLetter, false, 1)[0]; dl.MessageID != "m-00" || dl.Attributes[mq.HeaderDeadLetterReason] != mq.ReasonPoison {
		t.Fatalf("dead letter %+v", dl)
	}
	eventually(t, 20*time.Second, "all effects", func() bool { _, distinct := effects.Count(t, st); return distinct == 29 })
	if rows, distinct := effects.Count(t, st); rows != 29 || distinct != 29 {
		t.Fatalf("effects: %d rows, %d distinct; want 29 of each (m-00 is poison)", rows, distinct)
	}
	eventually(t, 10*time.Second, "all outcomes", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return outcomes[mq.Handled]+outcomes[mq.Duplicate] == 39
	})
	mu.Lock()
	defer mu.Unlock()
	if outcomes[mq.Duplicate] != 10 || outcomes[mq.Retried] != 1 || outcomes[mq.DeadLettered] != 1 || largest < 2 {
		t.Fatalf("outcomes %v, largest batch %d: want 29 handled, 10 duplicates, 1 retried, 1 dead-lettered, batches of more than one", outcomes, largest)
	}
}
