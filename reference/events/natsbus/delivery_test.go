package natsbus_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
)

// deadLetters reads the dead-letter stream of stream from the start.
func deadLetters(t *testing.T, js jetstream.JetStream, stream string, n int) []jetstream.Msg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cons, err := js.OrderedConsumer(ctx, natsbus.DeadLetterStream(stream), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var got []jetstream.Msg
	for len(got) < n {
		m, err := cons.Next(jetstream.FetchContext(ctx))
		if err != nil {
			t.Fatalf("%d of %d dead letters: %v", len(got), n, err)
		}
		got = append(got, m)
	}
	return got
}

// A failing event is tried len(RetryDelays)+1 times, each after its delay,
// and then lands in the dead-letter stream with the reason; an error wrapped
// by bus.Permanent goes there at once.
func TestRetriesWithGrowingDelaysThenDeadLetters(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	calls := map[string][]time.Time{}
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{
		Stream: stream, Durable: "retry", Prefix: prefix,
		RetryDelays: []time.Duration{200 * time.Millisecond, 600 * time.Millisecond},
	}, func(_ context.Context, e events.Event) error {
		mu.Lock()
		defer mu.Unlock()
		calls[e.ID] = append(calls[e.ID], time.Now())
		if e.ID == "rejected" {
			return bus.Permanent(errors.New("no such customer"))
		}
		return errTemporary
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sub.Stop(ctx) }()
	pub := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix})
	for _, id := range []string{"failing", "rejected"} {
		if err := pub.Publish(ctx, order(t, orders.Source, id, orders.CreatedV2, v2A)); err != nil {
			t.Fatal(err)
		}
	}
	dls := deadLetters(t, js, stream, 2)
	reasons := map[string]string{}
	for _, m := range dls {
		var e events.Event
		if err := e.UnmarshalJSON(m.Data()); err != nil {
			t.Fatal(err)
		}
		reasons[e.ID] = m.Headers().Get(natsbus.HeaderDeadLetterReason) + " after " + m.Headers().Get(natsbus.HeaderDeadLetterDelivery)
	}
	t.Logf("dead letters: %q", reasons)
	mu.Lock()
	defer mu.Unlock()
	if got := calls["rejected"]; len(got) != 1 {
		t.Errorf("a permanent failure was handled %d times, want 1", len(got))
	}
	got := calls["failing"]
	if len(got) != 3 {
		t.Fatalf("a failing event was handled %d times, want 3", len(got))
	}
	for i, want := range []time.Duration{200 * time.Millisecond, 600 * time.Millisecond} {
		if gap := got[i+1].Sub(got[i]); gap < want {
			t.Errorf("attempt %d came %v after attempt %d, before its delay of %v", i+2, gap, i+1, want)
		}
	}
	if reasons["failing"] == "" || reasons["rejected"] == "" {
		t.Errorf("dead letters %q: want both events with a reason", reasons)
	}
}

// A handler that runs longer than AckWait keeps its event: the subscriber
// reports progress, so JetStream does not hand the event to another
// handler meanwhile.
func TestLongHandlerIsNotGivenItsEventTwice(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	calls := 0
	done := make(chan struct{})
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{
		Stream: stream, Durable: "slow", Prefix: prefix, AckWait: 600 * time.Millisecond, Concurrency: 2,
	}, func(ctx context.Context, _ events.Event) error {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			select { // three times AckWait of work
			case <-time.After(1800 * time.Millisecond):
			case <-ctx.Done():
			}
			close(done)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix}).Publish(ctx, order(t, orders.Source, "slow", orders.CreatedV2, v2A)); err != nil {
		t.Fatal(err)
	}
	<-done
	if err := sub.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Fatalf("the event was handled %d times, want once", calls)
	}
}

// StartAll replays the stream for a new consumer; Concurrency runs that
// many handlers at once.
func TestReplayWithConcurrentHandlers(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pub := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix})
	for _, id := range []string{"a", "b", "c", "d"} {
		if err := pub.Publish(ctx, order(t, orders.Source, id, orders.CreatedV2, v2A)); err != nil {
			t.Fatal(err)
		}
	}
	var started sync.WaitGroup
	started.Add(4)
	all := make(chan struct{})
	go func() { started.Wait(); close(all) }()
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{
		Stream: stream, Durable: "projection", Prefix: prefix, Start: natsbus.StartAll, Concurrency: 4,
	}, func(ctx context.Context, _ events.Event) error {
		started.Done()
		select { // every handler waits until all four run at once
		case <-all:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-all:
	case <-ctx.Done():
		t.Fatal("four handlers never ran at once on the replayed events")
	}
	if err := sub.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

// Stop waits for running handlers; when its context ends first, it cancels
// theirs and says so.
func TestStopCancelsHandlersAtItsDeadline(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	running := make(chan struct{})
	cancelled := make(chan error, 1)
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{Stream: stream, Durable: "stuck", Prefix: prefix},
		func(hctx context.Context, _ events.Event) error {
			close(running)
			<-hctx.Done()
			cancelled <- hctx.Err()
			return hctx.Err()
		})
	if err != nil {
		t.Fatal(err)
	}
	if err := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix}).Publish(ctx, order(t, orders.Source, "x", orders.CreatedV2, v2A)); err != nil {
		t.Fatal(err)
	}
	<-running
	stopCtx, stopCancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer stopCancel()
	if err := sub.Stop(stopCtx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stop returned %v, want a deadline error", err)
	}
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Fatalf("the handler's context ended with %v", err)
	}
}
