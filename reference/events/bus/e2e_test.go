package bus_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/amqpbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
	"github.com/skillcheck-dev/skillcheck/reference/rest/transport"
)

// transport is one broker with what a test needs of it.
type transportUnderTest struct {
	name string
	// open returns a publisher and a subscriber of the "billing" service
	// for order created v2 events, both on a namespace of the test's own.
	open func(t *testing.T, tr bus.Tracing) (bus.Publisher, bus.Subscriber)
}

func randomName() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return "evtest_" + hex.EncodeToString(b)
}

var billingFilter = bus.Filter{Type: "com.example.order.created", Versions: []int{2}}

var transports = []transportUnderTest{
	{"nats", func(t *testing.T, tr bus.Tracing) (bus.Publisher, bus.Subscriber) {
		nc, err := nats.Connect(testenv.NATSURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		js, _ := jetstream.New(nc)
		name := randomName()
		ctx := context.Background()
		if _, err := natsbus.EnsureStream(ctx, js, name, name, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = js.DeleteStream(ctx, name)
			_ = js.DeleteStream(ctx, natsbus.DeadLetterStream(name))
		})
		reg, _ := orders.Registry()
		return natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: name, Registry: reg, Tracing: tr}),
			natsbus.NewSubscriber(js, natsbus.SubscriberSettings{Stream: name, Durable: "billing", Prefix: name, Filter: billingFilter, Registry: reg, Tracing: tr})
	}},
	{"rabbitmq", func(t *testing.T, tr bus.Tracing) (bus.Publisher, bus.Subscriber) {
		url := testenv.AMQPURL(t)
		name := randomName()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := rabbitmq.Dial(ctx, url, t.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := amqpbus.DeclareExchange(ctx, conn, name); err != nil {
			t.Fatal(err)
		}
		sub := amqpbus.NewSubscriber(amqpbus.SubscriberSettings{URL: url, Exchange: name, Queue: name + ".billing", Filter: billingFilter, Tracing: tr})
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = sub.Topology().Delete(ctx, conn)
			if ch, err := conn.Channel(); err == nil {
				_ = ch.ExchangeDelete(name, false, false)
				_ = ch.ExchangeDelete(name+".unrouted", false, false)
				_, _ = ch.QueueDelete(amqpbus.UnroutedQueue(name), false, false, false)
			}
			_ = conn.Close()
		})
		p := rabbitmq.NewPublisher(url, rabbitmq.PublisherSettings{Name: t.Name()})
		t.Cleanup(func() { _ = p.Close(context.Background()) })
		reg, _ := orders.Registry()
		return amqpbus.NewPublisher(p, amqpbus.PublisherSettings{Exchange: name, Registry: reg, Tracing: tr}), sub
	}},
}

// startBilling is a consuming service written once against bus.Subscriber:
// it records an invoice per order, once, with the inbox in the same
// transaction, and calls handled after each commit with the event's
// context and whether it was the first delivery of the event.
func startBilling(ctx context.Context, sub bus.Subscriber, db *sql.DB, handled func(ctx context.Context, e events.Event, first bool)) (bus.Subscription, error) {
	inbox, err := outbox.NewInbox(db, outbox.InboxSettings{})
	if err != nil {
		return nil, err
	}
	if err := inbox.CreateTable(ctx); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS invoices (order_id TEXT PRIMARY KEY, amount_cents BIGINT NOT NULL)"); err != nil {
		return nil, err
	}
	return sub.Subscribe(ctx, func(ctx context.Context, e events.Event) error {
		var o orders.Created2
		if err := e.DecodeData(&o); err != nil {
			return bus.Permanent(err)
		}
		var first bool
		err := sqldb.InTx(ctx, db, func(tx *sql.Tx) (err error) {
			first, err = inbox.First(ctx, tx, e.Key())
			if err != nil || !first {
				return err
			}
			_, err = tx.ExecContext(ctx, "INSERT INTO invoices (order_id, amount_cents) VALUES ($1, $2)", o.OrderID, o.Total.AmountCents)
			return err
		})
		if err == nil {
			handled(ctx, e, first)
		}
		return err
	})
}

// One trace, followed with an in-memory span exporter, from an HTTP request
// through the outbox row, the relay, the broker and the subscriber, on
// each transport; the relay and the subscriber are the same code on both.
func TestOneTraceFromHTTPToSubscriber(t *testing.T) {
	for _, tut := range transports {
		t.Run(tut.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			spans := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
			defer func() { _ = tp.Shutdown(context.Background()) }()
			tr := bus.Tracing{Provider: tp}
			pub, sub := tut.open(t, tr)

			db := dbtest.Open(t, sqldb.Postgres)
			box, err := outbox.New(db, sqldb.Postgres, outbox.Settings{PollInterval: 10 * time.Millisecond, Tracing: tr})
			if err != nil {
				t.Fatal(err)
			}
			if err := box.CreateTable(ctx); err != nil {
				t.Fatal(err)
			}
			got := make(chan trace.SpanContext, 1)
			running, err := startBilling(ctx, sub, db, func(ctx context.Context, _ events.Event, _ bool) {
				got <- trace.SpanContextFromContext(ctx)
			})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = running.Stop(ctx) }()
			relayCtx, stopRelay := context.WithCancel(ctx)
			var wg sync.WaitGroup
			wg.Go(func() { _ = box.Relay(pub).Run(relayCtx) })
			defer func() { stopRelay(); wg.Wait() }()

			// The order service: an HTTP handler that stores the event in
			// the outbox in its transaction.
			srv := httptest.NewServer(transport.TraceHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				o := orders.Created2{OrderID: "7c9e6679-7425-40de-944b-e07fc1f90ae7", Customer: orders.Customer{Email: "ada@example.com"},
					Total: orders.Money{AmountCents: 500, Currency: "USD"}, Lines: []orders.Line{{SKU: "BOOK-1", Quantity: 1}}}
				e, err := events.New(orders.Source, "order-"+o.OrderID+"-created", orders.CreatedV2, time.Now(), o)
				if err == nil {
					err = sqldb.InTx(r.Context(), db, func(tx *sql.Tx) error { return box.Add(r.Context(), tx, e) })
				}
				if err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
				}
			}), transport.TraceSettings{Provider: tp}))
			defer srv.Close()
			client := &http.Client{Transport: transport.Traced(nil, transport.TraceSettings{Provider: tp})}
			reqCtx, root := tp.Tracer("test").Start(ctx, "checkout")
			req, _ := http.NewRequestWithContext(reqCtx, http.MethodPost, srv.URL+"/orders", nil)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			root.End()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("POST /orders: %s", resp.Status)
			}

			var handled trace.SpanContext
			select {
			case handled = <-got:
			case <-ctx.Done():
				t.Fatal("the event was not handled")
			}
			if err := running.Stop(ctx); err != nil { // the handler's span has ended
				t.Fatal(err)
			}
			if handled.TraceID() != root.SpanContext().TraceID() {
				t.Fatalf("the handler ran in trace %s, the request in %s", handled.TraceID(), root.SpanContext().TraceID())
			}
			// The chain of spans, each the parent of the next.
			byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
			for _, s := range spans.GetSpans().Snapshots() {
				byID[s.SpanContext().SpanID()] = s
			}
			var chain []string
			for id := handled.SpanID(); id.IsValid(); {
				s, ok := byID[id]
				if !ok {
					break
				}
				chain = append([]string{s.Name()}, chain...)
				id = s.Parent().SpanID()
			}
			t.Logf("trace %s: %s", handled.TraceID(), strings.Join(chain, " → "))
			want := []string{"checkout", "POST", "POST /orders", "outbox relay " + orders.CreatedV2, "publish", "process"}
			if len(chain) != len(want) {
				t.Fatalf("span chain %q, want %q", chain, want)
			}
			for i, w := range want {
				if !strings.HasPrefix(chain[i], w) {
					t.Fatalf("span chain %q, want %q", chain, want)
				}
			}
		})
	}
}
