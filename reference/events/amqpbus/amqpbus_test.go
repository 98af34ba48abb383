package amqpbus_test

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/amqpbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

// broker returns the broker's URL, an exchange name of the test's own
// (deleted at the end with its unrouted queue), and a connection.
func broker(t *testing.T) (url, exchange string, conn *amqp.Connection) {
	t.Helper()
	url = testenv.AMQPURL(t)
	exchange = "evtest_" + strings.ToLower(rand.Text()[:10])
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := rabbitmq.Dial(ctx, url, t.Name())
	if err != nil {
		t.Fatal(err)
	}
	if err := amqpbus.DeclareExchange(ctx, conn, exchange); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ch, err := conn.Channel()
		if err == nil {
			_ = ch.ExchangeDelete(exchange, false, false)
			_ = ch.ExchangeDelete(exchange+".unrouted", false, false)
			_, _ = ch.QueueDelete(amqpbus.UnroutedQueue(exchange), false, false, false)
		}
		_ = conn.Close()
	})
	return url, exchange, conn
}

// subscribe starts a subscriber whose queue is deleted when the test ends.
func subscribe(t *testing.T, conn *amqp.Connection, s amqpbus.SubscriberSettings, h bus.Handler) bus.Subscription {
	t.Helper()
	s.Queue = s.Exchange + "." + s.Queue
	sub := amqpbus.NewSubscriber(s)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	running, err := sub.Subscribe(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = running.Stop(stopCtx)
		_ = sub.Topology().Delete(stopCtx, conn)
	})
	return running
}

func publisher(t *testing.T, url, exchange string, mode bus.Mode) *amqpbus.Publisher {
	t.Helper()
	pub := rabbitmq.NewPublisher(url, rabbitmq.PublisherSettings{Name: t.Name()})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = pub.Close(ctx)
	})
	reg, err := orders.Registry()
	if err != nil {
		t.Fatal(err)
	}
	return amqpbus.NewPublisher(pub, amqpbus.PublisherSettings{Exchange: exchange, Registry: reg, Mode: mode})
}

func order(t *testing.T, id, eventType string, data any) events.Event {
	t.Helper()
	e, err := events.New(orders.Source, id, eventType, time.Now(), data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var (
	v1 = orders.Created1{OrderID: "7c9e6679-7425-40de-944b-e07fc1f90ae7", CustomerEmail: "ada@example.com", TotalCents: 500, Items: []orders.Item1{{SKU: "BOOK-1", Qty: 1}}}
	v2 = orders.Created2{OrderID: v1.OrderID, Customer: orders.Customer{Email: "ada@example.com"}, Total: orders.Money{AmountCents: 500, Currency: "USD"}, Lines: []orders.Line{{SKU: "BOOK-1", Quantity: 1}}}
)

// collector records the events a handler receives.
type collector struct {
	mu   sync.Mutex
	got  []string
	want int
	done chan struct{}
}

func newCollector(want int) *collector { return &collector{want: want, done: make(chan struct{})} }

func (c *collector) handle(_ context.Context, e events.Event) error {
	var d orders.Created2
	if err := e.DecodeData(&d); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, e.ID+" "+e.Type+" "+d.Total.Currency+" "+e.Extension(events.ExtPartitionKey))
	if len(c.got) == c.want {
		close(c.done)
	}
	return nil
}

func (c *collector) wait(t *testing.T) []string {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		t.Fatalf("received %d of %d events", len(c.got), c.want)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	slices.Sort(c.got)
	return slices.Clone(c.got)
}

// A round trip on the real broker in both content modes: routing by type
// and version, a v2 reader lifting v1, extensions kept, and invalid events
// refused before they leave.
func TestRoundTrip(t *testing.T) {
	for _, mode := range []bus.Mode{bus.Structured, bus.Binary} {
		t.Run([]string{"structured", "binary"}[mode], func(t *testing.T) {
			url, exchange, conn := broker(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			reg, _ := orders.Registry()
			v2only := newCollector(1)
			subscribe(t, conn, amqpbus.SubscriberSettings{URL: url, Exchange: exchange, Queue: "v2", Registry: reg,
				Filter: bus.Filter{Type: "com.example.order.created", Versions: []int{2}}}, v2only.handle)
			lifted := newCollector(2)
			subscribe(t, conn, amqpbus.SubscriberSettings{URL: url, Exchange: exchange, Queue: "all", Registry: reg,
				Filter: bus.Filter{Type: "com.example.order.*"}, Major: 2, Upcasters: orders.Upcasters}, lifted.handle)

			pub := publisher(t, url, exchange, mode)
			if err := pub.Publish(ctx, order(t, "bad", "com.example.order.refunded.v1", map[string]int{})); err == nil {
				t.Fatal("an event of an unknown type was published")
			}
			for _, e := range []events.Event{
				order(t, "A", orders.CreatedV1, v1),
				order(t, "B", orders.CreatedV2, v2).WithExtension(events.ExtPartitionKey, v2.OrderID),
			} {
				if err := pub.Publish(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			if got, want := v2only.wait(t), []string{"B com.example.order.created.v2 USD " + v2.OrderID}; !slices.Equal(got, want) {
				t.Errorf("v2 subscriber got %q, want %q", got, want)
			}
			if got, want := lifted.wait(t), []string{
				"A com.example.order.created.v2 EUR ",
				"B com.example.order.created.v2 USD " + v2.OrderID,
			}; !slices.Equal(got, want) {
				t.Errorf("lifting subscriber got %q, want %q", got, want)
			}
		})
	}
}

// A failing event is retried through the retry queues and then lands in the
// dead-letter queue; a bus.Permanent error sends it there at once. An event
// no queue is bound for is kept in the unrouted queue, not dropped.
func TestRetriesThenDeadLetters(t *testing.T) {
	url, exchange, conn := broker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	calls := map[string]int{}
	errFailing := errors.New("database unavailable")
	sub := amqpbus.SubscriberSettings{URL: url, Exchange: exchange, Queue: "billing",
		Filter:      bus.Filter{Type: "com.example.order.created", Versions: []int{2}},
		RetryDelays: []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}}
	subscribe(t, conn, sub, func(_ context.Context, e events.Event) error {
		mu.Lock()
		defer mu.Unlock()
		calls[e.ID]++
		if e.ID == "rejected" {
			return bus.Permanent(errors.New("no such customer"))
		}
		return errFailing
	})
	pub := publisher(t, url, exchange, bus.Structured)
	for _, e := range []events.Event{order(t, "failing", orders.CreatedV2, v2), order(t, "rejected", orders.CreatedV2, v2), order(t, "nobody", orders.CreatedV1, v1)} {
		if err := pub.Publish(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	topo := amqpbus.NewSubscriber(amqpbus.SubscriberSettings{Queue: exchange + ".billing", RetryDelays: sub.RetryDelays}).Topology()
	inspector := rabbitmq.NewPublisher(url, rabbitmq.PublisherSettings{})
	defer func() { _ = inspector.Close(ctx) }()
	var dls []rabbitmq.DeadLetter
	for len(dls) < 2 && ctx.Err() == nil {
		var err error
		if dls, err = rabbitmq.InspectDeadLetters(ctx, conn, inspector, topo, 0); err != nil {
			t.Fatal(err)
		}
		<-time.After(50 * time.Millisecond) // polling the broker's queue
	}
	mu.Lock()
	defer mu.Unlock()
	if calls["failing"] != 3 || calls["rejected"] != 1 {
		t.Fatalf("handled %v; want failing 3 times, rejected once", calls)
	}
	for _, d := range dls {
		t.Logf("dead letter %s: %s (%s)", d.MessageID, d.LastError, d.Reason)
	}
	if len(dls) != 2 {
		t.Fatalf("%d dead letters, want 2", len(dls))
	}
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	q, err := ch.QueueDeclarePassive(amqpbus.UnroutedQueue(exchange), true, false, false, false, amqp.Table{
		amqp.QueueTypeArg: "classic", amqp.QueueMessageTTLArg: (7 * 24 * time.Hour).Milliseconds()})
	if err != nil || q.Messages != 1 {
		t.Fatalf("unrouted queue: %+v, %v; want the v1 event nobody subscribed to", q, err)
	}
}

func TestSubscribeNeedsURLAndQueue(t *testing.T) {
	if _, err := amqpbus.NewSubscriber(amqpbus.SubscriberSettings{}).Subscribe(context.Background(), nil); !errors.Is(err, amqpbus.ErrSettings) {
		t.Fatal(err)
	}
}

func TestBindingKeys(t *testing.T) {
	for _, c := range []struct {
		f    bus.Filter
		want []string
	}{
		{bus.Filter{}, []string{"#"}},
		{bus.Filter{Type: "com.example.>"}, []string{"com.example.#"}},
		{bus.Filter{Type: "com.example.order.*"}, []string{"com.example.order.*.*"}},
		{bus.Filter{Type: "com.example.order.created", Versions: []int{1, 2}}, []string{"com.example.order.created.v1", "com.example.order.created.v2"}},
	} {
		if got := amqpbus.BindingKeys(c.f); !slices.Equal(got, c.want) {
			t.Errorf("BindingKeys(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
}
