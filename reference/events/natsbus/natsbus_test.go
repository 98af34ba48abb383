package natsbus_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
)

// jetStream connects to the test server and creates a stream under a
// subject prefix of its own, deleted when the test ends.
func jetStream(t *testing.T) (js jetstream.JetStream, stream, prefix string) {
	t.Helper()
	nc, err := nats.Connect(testenv.NATSURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err = jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	prefix = "evtest_" + hex.EncodeToString(b)
	stream = prefix
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := natsbus.EnsureStream(ctx, js, stream, prefix, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = js.DeleteStream(context.Background(), stream)
		_ = js.DeleteStream(context.Background(), natsbus.DeadLetterStream(stream))
	})
	return js, stream, prefix
}

var errTemporary = errors.New("temporary failure")

// collector is a handler that records what it receives.
type collector struct {
	mu   sync.Mutex
	got  []string
	errs []error
	fail map[string]int // event id -> handler failures still to produce
}

func (c *collector) handle(_ context.Context, e events.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail[e.ID] > 0 {
		c.fail[e.ID]--
		return errTemporary
	}
	var d orders.Created2
	if err := e.DecodeData(&d); err != nil {
		return err
	}
	c.got = append(c.got, e.Source+" "+e.ID+" "+e.Type+" "+d.Total.Currency)
	return nil
}

func (c *collector) onError(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs = append(c.errs, err)
}

// wait waits until c has received n events, then a little longer to catch
// events that should not come.
func (c *collector) wait(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c.mu.Lock()
		got := slices.Clone(c.got)
		c.mu.Unlock()
		if len(got) >= n {
			time.Sleep(200 * time.Millisecond)
			c.mu.Lock()
			defer c.mu.Unlock()
			sort.Strings(c.got)
			return slices.Clone(c.got)
		}
		if time.Now().After(deadline) {
			t.Fatalf("received %d of %d events: %q", len(got), n, got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func order(t *testing.T, source, id, eventType string, data any) events.Event {
	t.Helper()
	e, err := events.New(source, id, eventType, time.Now(), data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var (
	v1A = orders.Created1{OrderID: "7c9e6679-7425-40de-944b-e07fc1f90ae7", CustomerEmail: "ada@example.com", TotalCents: 500, Items: []orders.Item1{{SKU: "BOOK-1", Qty: 1}}}
	v2A = orders.Created2{OrderID: v1A.OrderID, Customer: orders.Customer{Email: "ada@example.com"}, Total: orders.Money{AmountCents: 500, Currency: "USD"}, Lines: []orders.Line{{SKU: "BOOK-1", Quantity: 1}}}
)

// A real JetStream round trip: v1 and v2 published side by side, subscribers
// filtering by type pattern, version and source, a v2 reader lifting v1,
// a tolerant reader, validation on both sides, and redelivery on handler
// errors.
func TestRoundTrip(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	reg, err := orders.Registry()
	if err != nil {
		t.Fatal(err)
	}
	pub := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix, Registry: reg})

	// Publishers validate before publishing and name the field.
	bad := v2A
	bad.Customer.Email = "not-an-email"
	var verr *schema.ValidationError
	if err := pub.Publish(ctx, order(t, orders.Source, "bad", orders.CreatedV2, bad)); !errors.As(err, &verr) || verr.Fields[0].Path != "/customer/email" {
		t.Fatalf("invalid data published: %v", err)
	}
	if err := pub.Publish(ctx, order(t, orders.Source, "x", "com.example.order.refunded.v1", map[string]int{})); !errors.Is(err, schema.ErrUnknownType) {
		t.Fatalf("unknown type published: %v", err)
	}

	// The migration: order A in both versions with one key; order B from
	// another source; order C from a newer producer with a field this
	// reader does not know.
	withExtra := map[string]any{"order_id": v2A.OrderID, "customer": map[string]any{"email": "c@example.com", "phone": "+41"},
		"total": map[string]any{"amount_cents": 1, "currency": "GBP"}, "lines": []any{map[string]any{"sku": "PEN-1", "quantity": 1}}, "gift_wrap": true}
	for _, e := range []events.Event{
		order(t, orders.Source, "A", orders.CreatedV1, v1A),
		order(t, orders.Source, "A", orders.CreatedV2, v2A),
		order(t, "urn:example:legacy-shop", "B", orders.CreatedV2, v2A),
		order(t, orders.Source, "C", orders.CreatedV2, withExtra),
	} {
		if err := pub.Publish(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// A relay publishing A again is dropped by JetStream's duplicate window.
	if err := pub.Publish(ctx, order(t, orders.Source, "A", orders.CreatedV2, v2A)); err != nil {
		t.Fatal(err)
	}
	// A message that bypassed the publisher: invalid data.
	raw := order(t, orders.Source, "D", orders.CreatedV2, map[string]any{"order_id": "nope"})
	if err := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix}).Publish(ctx, raw); err != nil {
		t.Fatal(err)
	}

	subscribe := func(durable string, f natsbus.Filter, major int, c *collector) {
		t.Helper()
		s, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{
			Stream: stream, Durable: durable, Prefix: prefix, Filter: f, Registry: reg,
			Major: major, Upcasters: orders.Upcasters, OnError: c.onError, AckWait: time.Second,
			Start: natsbus.StartAll, RetryDelays: []time.Duration{100 * time.Millisecond},
		}, c.handle)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Stop(context.Background()) })
	}
	v2only := &collector{fail: map[string]int{"C": 1}}
	subscribe("v2-from-orders", natsbus.Filter{Type: "com.example.order.created", Versions: []int{2}, Sources: []string{orders.Source}}, 0, v2only)
	lifted := &collector{}
	subscribe("v1-lifted", natsbus.Filter{Type: "com.example.order.*", Versions: []int{1}}, 2, lifted)
	everything := &collector{}
	subscribe("all-orders", natsbus.Filter{Type: "com.example.order.>"}, 2, everything)

	if got, want := v2only.wait(t, 2), []string{
		"urn:example:orders A com.example.order.created.v2 USD",
		"urn:example:orders C com.example.order.created.v2 GBP",
	}; !slices.Equal(got, want) {
		t.Errorf("v2 subscriber got %q, want %q", got, want)
	}
	if got, want := lifted.wait(t, 1), []string{
		"urn:example:orders A com.example.order.created.v2 EUR", // v1 lifted: v1 amounts were euros
	}; !slices.Equal(got, want) {
		t.Errorf("lifting subscriber got %q, want %q", got, want)
	}
	if got, want := everything.wait(t, 4), []string{
		"urn:example:legacy-shop B com.example.order.created.v2 USD",
		"urn:example:orders A com.example.order.created.v2 EUR",
		"urn:example:orders A com.example.order.created.v2 USD",
		"urn:example:orders C com.example.order.created.v2 GBP",
	}; !slices.Equal(got, want) {
		t.Errorf("pattern subscriber got %q, want %q", got, want)
	}

	// D was terminated with a field-level reason by every subscriber that
	// selected it; C's first handler failure was redelivered.
	v2only.mu.Lock()
	defer v2only.mu.Unlock()
	var invalid, handler int
	for _, err := range v2only.errs {
		switch {
		case errors.As(err, &verr) && slices.ContainsFunc(verr.Fields, func(f schema.FieldError) bool { return f.Path == "/order_id" }):
			invalid++
		case errors.Is(err, errTemporary):
			handler++
		}
	}
	if invalid != 1 || handler != 1 {
		t.Errorf("v2 subscriber errors: %v; want one invalid event and one handler failure", v2only.errs)
	}
}

func TestSubscribeNeedsStreamAndDurable(t *testing.T) {
	if _, err := natsbus.Subscribe(context.Background(), nil, natsbus.SubscriberSettings{}, nil); !errors.Is(err, natsbus.ErrSettings) {
		t.Fatal(err)
	}
}
