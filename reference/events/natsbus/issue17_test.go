package natsbus_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
)

// The tests in this file use only the API that natsbus had before issue 17,
// so that each of them can be run against that code and shown to fail there.

// A handler that keeps failing must not be called again and again without a
// pause: before the fix a failed event was naked without a delay and
// JetStream handed it back at once, thousands of times a second.
func TestFailingHandlerIsNotRedeliveredHot(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var calls atomic.Int64
	_, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{Stream: stream, Durable: "hot", Prefix: prefix},
		func(context.Context, events.Event) error {
			calls.Add(1)
			return errTemporary
		})
	if err != nil {
		t.Fatal(err)
	}
	pub := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix})
	if err := pub.Publish(ctx, order(t, orders.Source, "hot", orders.CreatedV2, v2A)); err != nil {
		t.Fatal(err)
	}
	// Watch the handler for two seconds: the measurement, not a wait for an
	// outcome.
	<-time.After(2 * time.Second)
	n := calls.Load()
	t.Logf("one failing event was handled %d times in 2 s", n)
	if n < 1 || n > 3 {
		t.Fatalf("handled %d times in 2 s; want 1 to 3 (a redelivery delay of at least a second)", n)
	}
}

// The handler's context belongs to the subscription, not to the context that
// bounded its setup: before the fix a setup context with a short timeout was
// passed to every handler, which then ran on a dead context.
func TestHandlerContextOutlivesSetup(t *testing.T) {
	js, stream, prefix := jetStream(t)
	setup, cancelSetup := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancelSetup()
	got := make(chan error, 1)
	_, err := natsbus.Subscribe(setup, js, natsbus.SubscriberSettings{Stream: stream, Durable: "ctx", Prefix: prefix},
		func(ctx context.Context, _ events.Event) error {
			select {
			case got <- ctx.Err():
			default:
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	<-setup.Done() // the setup is over and its context has expired
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix}).Publish(ctx, order(t, orders.Source, "late", orders.CreatedV2, v2A)); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("the handler ran on a dead context: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("the event was not handled")
	}
}

// A new durable consumer starts with the events published after it was
// created: before the fix it started at the beginning of the stream, so a
// new "billing" subscriber invoiced every order ever placed.
func TestNewSubscriberStartsWithNewEvents(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	pub := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix})
	for _, id := range []string{"old1", "old2", "old3"} {
		if err := pub.Publish(ctx, order(t, orders.Source, id, orders.CreatedV2, v2A)); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var seen []string
	arrived := make(chan struct{})
	_, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{Stream: stream, Durable: "billing", Prefix: prefix},
		func(_ context.Context, e events.Event) error {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, e.ID)
			if e.ID == "new" {
				close(arrived)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if err := pub.Publish(ctx, order(t, orders.Source, "new", orders.CreatedV2, v2A)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-ctx.Done():
		t.Fatal("the new event was not handled")
	}
	// JetStream delivers in stream order, so older events would have come
	// first.
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 {
		t.Fatalf("a new subscriber handled %q; want only the event published after it started", seen)
	}
}

// The durable consumer bounds redeliveries and unacknowledged messages:
// before the fix MaxDeliver was unlimited and MaxAckPending JetStream's
// default of 1,000, whatever the handler could take.
func TestConsumerBoundsDeliveriesAndPending(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{Stream: stream, Durable: "bounded", Prefix: prefix},
		func(context.Context, events.Event) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	cons, err := js.Consumer(ctx, stream, "bounded")
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := info.Config
	t.Logf("MaxDeliver %d, MaxAckPending %d, DeliverPolicy %v", c.MaxDeliver, c.MaxAckPending, c.DeliverPolicy)
	var problems []error
	if c.MaxDeliver < 1 || c.MaxDeliver > 10 {
		problems = append(problems, errors.New("MaxDeliver is not a small positive number"))
	}
	if c.MaxAckPending < 1 || c.MaxAckPending > 16 {
		problems = append(problems, errors.New("MaxAckPending is not sized to the handlers"))
	}
	if err := errors.Join(problems...); err != nil {
		t.Fatal(err)
	}
}
