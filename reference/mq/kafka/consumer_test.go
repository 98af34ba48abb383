package kafka

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

func TestRetryWithGrowingDelaysThenDeadLetter(t *testing.T) {
	brokers, _ := mqtest.Kafka(t)
	delays := []time.Duration{100 * time.Millisecond, 300 * time.Millisecond}
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: delays, Partitions: 2}
	declare(t, brokers, topo)

	var mu sync.Mutex
	var attempts []int
	var times []time.Time
	c := NewConsumer(brokers, mqtest.Name(t), topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		attempts = append(attempts, d.Attempt)
		times = append(times, time.Now())
		return errors.New("downstream unavailable")
	}, ConsumerSettings{Backoff: fastBackoff, Options: mqtest.GroupOptions()})
	stop := runConsumer(t, c)
	publishAll(t, brokers, Message{Topic: topo.Topic, ID: "m-1", Key: []byte("order-1"), Body: []byte("order 1")})

	dl := readTopic(t, brokers, topo.DeadLetterTopic(), 1)[0]
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if dl.MessageID != "m-1" || dl.IdempotencyKey != "m-1" || string(dl.Body) != "order 1" || string(dl.Key) != "order-1" {
		t.Fatalf("dead letter %+v is not the published message", dl)
	}
	h := dl.Headers
	if h[mq.HeaderDeadLetterReason] != mq.ReasonExhausted || h[mq.HeaderLastError] != "downstream unavailable" ||
		dl.Attempt != 3 || h[mq.HeaderFirstFailure] == "" || h[HeaderOriginalTopic] != topo.Topic {
		t.Fatalf("dead letter headers %v", h)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(attempts, []int{1, 2, 3}) {
		t.Fatalf("handler saw attempts %v, want 1..3", attempts)
	}
	// Each retry waited at least its delay.
	for i, d := range delays {
		if gap := times[i+1].Sub(times[i]); gap < d {
			t.Errorf("attempt %d came %v after attempt %d, want at least %v", i+2, gap, i+1, d)
		}
	}
}

func TestPoisonAndPanic(t *testing.T) {
	brokers, _ := mqtest.Kafka(t)
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: []time.Duration{10 * time.Millisecond}, Partitions: 3}
	declare(t, brokers, topo)

	errBadInput := errors.New("malformed order")
	var mu sync.Mutex
	calls := map[string]int{}
	c := NewConsumer(brokers, mqtest.Name(t), topo, func(ctx context.Context, d Delivery) error {
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
	}, ConsumerSettings{Backoff: fastBackoff, Options: mqtest.GroupOptions()})
	runConsumer(t, c)
	publishAll(t, brokers,
		Message{Topic: topo.Topic, ID: "poison"},
		Message{Topic: topo.Topic, ID: "panic"},
		Message{Topic: topo.Topic, ID: "fine"})

	got := map[string]Delivery{}
	for _, dl := range readTopic(t, brokers, topo.DeadLetterTopic(), 2) {
		got[dl.MessageID] = dl
	}
	if dl := got["poison"]; dl.Headers[mq.HeaderDeadLetterReason] != mq.ReasonPoison ||
		dl.Headers[mq.HeaderLastError] != errBadInput.Error() || dl.Attempt != 1 {
		t.Errorf("poison dead letter: %+v", dl)
	}
	if dl := got["panic"]; dl.Headers[mq.HeaderDeadLetterReason] != mq.ReasonExhausted ||
		dl.Headers[mq.HeaderLastError] != "handler panicked: nil map" || dl.Attempt != 2 {
		t.Errorf("panic dead letter: %+v", dl)
	}
	eventually(t, 10*time.Second, "fine to be handled", func() bool { mu.Lock(); defer mu.Unlock(); return calls["fine"] == 1 })
	mu.Lock()
	defer mu.Unlock()
	if calls["poison"] != 1 || calls["panic"] != 2 || calls["fine"] != 1 {
		t.Errorf("handler calls %v, want poison 1, panic 2, fine 1", calls)
	}
}

// TestKeyOrderWithinPartition sends 3 keys × 200 messages: each key's
// messages are handled in the order they were produced.
func TestKeyOrderWithinPartition(t *testing.T) {
	brokers, _ := mqtest.Kafka(t)
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: []time.Duration{}, Partitions: 4}
	declare(t, brokers, topo)
	var msgs []Message
	for i := range 200 {
		for _, k := range []string{"a", "b", "c"} {
			msgs = append(msgs, Message{Topic: topo.Topic, Key: []byte(k), Body: fmt.Append(nil, i)})
		}
	}
	var mu sync.Mutex
	seen := map[string][]string{}
	c := NewConsumer(brokers, mqtest.Name(t), topo, func(ctx context.Context, d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		seen[string(d.Key)] = append(seen[string(d.Key)], string(d.Body))
		return nil
	}, ConsumerSettings{Concurrency: 4, Options: mqtest.GroupOptions()})
	runConsumer(t, c)
	publishAll(t, brokers, msgs...)
	eventually(t, 30*time.Second, "all messages", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen["a"])+len(seen["b"])+len(seen["c"]) == len(msgs)
	})
	mu.Lock()
	defer mu.Unlock()
	for k, bodies := range seen {
		for i, b := range bodies {
			if b != fmt.Sprint(i) {
				t.Fatalf("key %s: message %d handled as number %d", k, i, len(bodies[:i]))
			}
		}
	}
}

// TestTxConsumerAppliesEachMessageOnce sends 300 messages, 100 of them
// twice (a producer that sent again after a timeout), and lets every 50th
// fail its first attempt. The group-commit consumer (NewTxConsumer, then
// NewBulkTxConsumer) applies each effect once and reports the copies as
// duplicates.
func TestTxConsumerAppliesEachMessageOnce(t *testing.T) {
	t.Run("tx", func(t *testing.T) { testGroupCommitOnce(t, false) })
	t.Run("bulk", func(t *testing.T) { testGroupCommitOnce(t, true) })
}

// testGroupCommitOnce runs TestTxConsumerAppliesEachMessageOnce with a
// TxHandler, or with a BulkTxHandler that applies each record of its batch
// in turn and fails the batch with the first record that fails.
func testGroupCommitOnce(t *testing.T, bulk bool) {
	brokers, _ := mqtest.Kafka(t)
	st := effects.Store(t, mqtest.PostgresSchema(t))
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: []time.Duration{20 * time.Millisecond}, Partitions: 3}
	declare(t, brokers, topo)
	var msgs []Message
	for i := range 300 {
		m := Message{Topic: topo.Topic, ID: fmt.Sprintf("m-%03d", i), Key: fmt.Append(nil, i%7)}
		msgs = append(msgs, m)
		if i%3 == 0 {
			msgs = append(msgs, m)
		}
	}
	var mu sync.Mutex
	outcomes := map[mq.Outcome]int{}
	apply := func(ctx context.Context, tx *sql.Tx, d Delivery) error {
		var i int
		fmt.Sscanf(d.MessageID, "m-%d", &i)
		if i%50 == 0 && d.Attempt == 1 {
			return errors.New("downstream unavailable")
		}
		return insertEffect(ctx, tx, d)
	}
	s := ConsumerSettings{Backoff: fastBackoff, Options: mqtest.GroupOptions(), Observe: func(e mq.Event) {
		mu.Lock()
		outcomes[e.Outcome]++
		mu.Unlock()
	}}
	c := NewTxConsumer(brokers, mqtest.Name(t), topo, st, apply, s)
	applyEach, largestBulk := effects.Each(apply)
	if bulk {
		c = NewBulkTxConsumer(brokers, mqtest.Name(t), topo, st, applyEach, s)
	}
	runConsumer(t, c)
	publishAll(t, brokers, msgs...)
	eventually(t, 30*time.Second, "all effects", func() bool { _, distinct := effects.Count(t, st); return distinct == 300 })
	if rows, distinct := effects.Count(t, st); rows != 300 || distinct != 300 {
		t.Fatalf("effects: %d rows, %d distinct; want 300 of each", rows, distinct)
	}
	mu.Lock()
	defer mu.Unlock()
	// Six messages fail once; two of them (m-000, m-150) were sent twice,
	// and a copy fails with its original when both are in one batch.
	if outcomes[mq.Duplicate] != 100 || outcomes[mq.Retried] < 6 || outcomes[mq.Retried] > 8 || outcomes[mq.Handled] != 300 {
		t.Fatalf("outcomes %v, want 300 handled, 100 duplicates, 6 to 8 retried", outcomes)
	}
	if bulk && largestBulk() < 2 {
		t.Fatalf("the bulk handler never got more than one record at once")
	}
}

// TestShutdownTimeout stops a consumer whose handler does not finish: Run
// returns mq.ErrShutdownTimeout and the record is handled again by the next
// member.
func TestShutdownTimeout(t *testing.T) {
	brokers, _ := mqtest.Kafka(t)
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: []time.Duration{}, Partitions: 1}
	declare(t, brokers, topo)
	group := mqtest.Name(t)
	started := make(chan struct{})
	var once sync.Once
	c := NewConsumer(brokers, group, topo, func(ctx context.Context, d Delivery) error {
		once.Do(func() { close(started) })
		<-ctx.Done()
		return ctx.Err()
	}, ConsumerSettings{ShutdownTimeout: 100 * time.Millisecond, Options: mqtest.GroupOptions()})
	stop := runConsumer(t, c)
	publishAll(t, brokers, Message{Topic: topo.Topic, ID: "slow"})
	<-started
	if err := stop(); !errors.Is(err, mq.ErrShutdownTimeout) {
		t.Fatalf("Run = %v, want mq.ErrShutdownTimeout", err)
	}
	again := make(chan string, 1)
	runConsumer(t, NewConsumer(brokers, group, topo, func(ctx context.Context, d Delivery) error {
		again <- d.MessageID
		return nil
	}, ConsumerSettings{Options: mqtest.GroupOptions()}))
	select {
	case id := <-again:
		if id != "slow" {
			t.Fatalf("got %s", id)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the interrupted record was not delivered again")
	}
}
