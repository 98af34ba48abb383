package choreo_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/saga/choreo"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
)

// The event types of the shop's order saga.
const (
	orderPlaced     = "com.example.shop.order.placed.v1"
	stockReserved   = "com.example.shop.stock.reserved.v1"
	stockRejected   = "com.example.shop.stock.rejected.v1"
	paymentCharged  = "com.example.shop.payment.charged.v1"
	paymentDeclined = "com.example.shop.payment.declined.v1"
	stockReleased   = "com.example.shop.stock.released.v1"
)

// order is the data every event of the saga carries.
type order struct {
	Item   string
	Qty    int
	Amount int
}

// node is one service of the shop: its database, inbox, outbox, relay and
// subscriber, with counters of what it received.
type node struct {
	name      string
	svc       *choreo.Service
	delivered atomic.Int64 // deliveries of events it reacts to
	reacted   atomic.Int64 // reactions run
	lostAcks  atomic.Int64 // deliveries whose acknowledgement was "lost"
}

// trace records, per saga, the events in the order services reacted to them.
type trace struct {
	mu     sync.Mutex
	events map[string][]string
}

func (tr *trace) add(e events.Event) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.events[e.Subject] = append(tr.events[e.Subject], strings.Split(e.Type, ".")[3]+"."+strings.Split(e.Type, ".")[4])
}

// newNode starts a service: a fresh PostgreSQL schema with its tables, an
// outbox relay to JetStream, and a durable subscriber whose handler loses
// one acknowledgement in ten after the transaction committed (the broker
// then delivers the event again).
func newNode(t *testing.T, ctx context.Context, js jetstream.JetStream, stream, prefix, name, schema string, tr *trace, reactions map[string]choreo.Reaction) *node {
	t.Helper()
	db := sagatest.OpenPostgres(t, sagatest.PostgresDSN(t))
	if _, err := db.ExecContext(ctx, schema); err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.New(db, sqldb.Postgres, outbox.Settings{PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := outbox.NewInbox(db, outbox.InboxSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	if err := inbox.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	n := &node{name: name}
	counted := map[string]choreo.Reaction{}
	for typ, react := range reactions {
		counted[typ] = func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error) {
			n.reacted.Add(1)
			tr.add(e)
			return react(ctx, tx, e)
		}
	}
	n.svc = &choreo.Service{DB: db, Inbox: inbox, Outbox: ob, Reactions: counted}
	relayCtx, stop := context.WithCancel(ctx)
	relayed := make(chan struct{})
	go func() {
		defer close(relayed)
		_ = ob.Relay(natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix})).Run(relayCtx)
	}()
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{
		Stream: stream, Durable: name, Prefix: prefix, Filter: natsbus.Filter{Type: "com.example.shop.>"}, AckWait: 5 * time.Second,
		// Short delays: the test's lost acknowledgements are not the slow
		// failures the production ladder is made for.
		RetryDelays: []time.Duration{20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond,
			200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second},
	}, func(ctx context.Context, e events.Event) error {
		_, ours := reactions[e.Type]
		if ours {
			n.delivered.Add(1)
		}
		if err := n.svc.Handle(ctx, e); err != nil {
			return err
		}
		if ours && mrand.N(10) == 0 {
			n.lostAcks.Add(1)
			return errors.New("the acknowledgement was lost")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := sub.Stop(ctx); err != nil {
			t.Error(err)
		}
		stop()
		<-relayed
	})
	return n
}

func next(cause events.Event, source, typ string) ([]events.Event, error) {
	e, err := choreo.Next(cause, source, typ, time.Now(), cause.Data)
	return []events.Event{e}, err
}

// TestFaultChoreography runs the order saga as a choreography of three
// services on NATS JetStream, each with its own PostgreSQL schema: the
// order service places orders, the stock service reserves or rejects, the
// payment service charges or declines, and a decline makes the stock
// service release the reservation (the compensation) and the order service
// reject the order. Every handler loses one acknowledgement in ten after
// its transaction committed, so events come again. Every order must end
// approved (charged once, stock taken once) or rejected (nothing charged,
// any reservation released), every reaction must run once per event, and
// every saga's events must share its ID as subject.
func TestFaultChoreography(t *testing.T) {
	testenv.FaultRun(t)
	const orders, stockLevel = 200, 120
	ctx := context.Background()
	js, stream, prefix := jetStream(t)
	tr := &trace{events: map[string][]string{}}

	orderSvc := newNode(t, ctx, js, stream, prefix, "order", `CREATE TABLE orders (id TEXT PRIMARY KEY, status TEXT NOT NULL)`, tr, map[string]choreo.Reaction{
		paymentCharged: func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error) {
			_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'APPROVED' WHERE id = $1 AND status = 'PENDING'`, e.Subject)
			return nil, err
		},
		stockRejected: func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error) {
			_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'REJECTED' WHERE id = $1 AND status = 'PENDING'`, e.Subject)
			return nil, err
		},
		stockReleased: func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error) {
			_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'REJECTED' WHERE id = $1 AND status = 'PENDING'`, e.Subject)
			return nil, err
		},
	})
	stockSvc := newNode(t, ctx, js, stream, prefix, "stock", fmt.Sprintf(`CREATE TABLE stock (item TEXT PRIMARY KEY, available INTEGER NOT NULL CHECK (available >= 0));
CREATE TABLE reservation (order_id TEXT PRIMARY KEY, qty INTEGER NOT NULL, released INTEGER NOT NULL DEFAULT 0);
INSERT INTO stock VALUES ('book', %d)`, stockLevel), tr, map[string]choreo.Reaction{
		orderPlaced: func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error) {
			var o order
			if err := e.DecodeData(&o); err != nil {
				return nil, err
			}
			res, err := tx.ExecContext(ctx, `UPDATE stock SET available = available - $1 WHERE item = $2 AND available >= $1`, o.Qty, o.Item)
			if err != nil {
				return nil, err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				if err != nil {
					return nil, err
				}
				return next(e, "/stock", stockRejected) // a refusal is an event, not an error
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO reservation (order_id, qty) VALUES ($1, $2)`, e.Subject, o.Qty); err != nil {
				return nil, err
			}
			return next(e, "/stock", stockReserved)
		},
		paymentDeclined: func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error) {
			var o order
			if err := e.DecodeData(&o); err != nil {
				return nil, err
			}
			res, err := tx.ExecContext(ctx, `UPDATE reservation SET released = 1 WHERE order_id = $1 AND released = 0`, e.Subject)
			if err != nil {
				return nil, err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				if _, err := tx.ExecContext(ctx, `UPDATE stock SET available = available + $1 WHERE item = $2`, o.Qty, o.Item); err != nil {
					return nil, err
				}
			}
			return next(e, "/stock", stockReleased)
		},
	})
	paymentSvc := newNode(t, ctx, js, stream, prefix, "payment", `CREATE TABLE charge (order_id TEXT NOT NULL, amount INTEGER NOT NULL)`, tr, map[string]choreo.Reaction{
		stockReserved: func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error) {
			var o order
			if err := e.DecodeData(&o); err != nil {
				return nil, err
			}
			if o.Amount > 100 {
				return next(e, "/payment", paymentDeclined)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO charge (order_id, amount) VALUES ($1, $2)`, e.Subject, o.Amount); err != nil {
				return nil, err
			}
			return next(e, "/payment", paymentCharged)
		},
	})

	// The order service places the orders: the order and the saga's first
	// event in one transaction.
	for i := range orders {
		id := fmt.Sprintf("o-%03d", i)
		o := order{Item: "book", Qty: 1, Amount: 50}
		if i%4 == 0 {
			o.Amount = 500 // declined after the stock was reserved
		}
		err := sqldb.InTx(ctx, orderSvc.svc.DB, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, status) VALUES ($1, 'PENDING')`, id); err != nil {
				return err
			}
			e, err := choreo.Start(id, "/order", orderPlaced, time.Now(), o)
			if err != nil {
				return err
			}
			return orderSvc.svc.Outbox.Add(ctx, tx, e)
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	bound := time.After(2 * time.Minute)
	for {
		var pending int
		if err := orderSvc.svc.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE status = 'PENDING'`).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		select {
		case <-bound:
			t.Fatalf("%d orders still pending after 2 minutes", pending)
		case <-time.After(50 * time.Millisecond):
		}
	}

	count := func(db *sql.DB, q string) int {
		var n int
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	approved := count(orderSvc.svc.DB, `SELECT COUNT(*) FROM orders WHERE status = 'APPROVED'`)
	rejected := count(orderSvc.svc.DB, `SELECT COUNT(*) FROM orders WHERE status = 'REJECTED'`)
	charges := count(paymentSvc.svc.DB, `SELECT COUNT(*) FROM charge`)
	distinctCharges := count(paymentSvc.svc.DB, `SELECT COUNT(DISTINCT order_id) FROM charge`)
	held := count(stockSvc.svc.DB, `SELECT COUNT(*) FROM reservation WHERE released = 0`)
	released := count(stockSvc.svc.DB, `SELECT COUNT(*) FROM reservation WHERE released = 1`)
	available := count(stockSvc.svc.DB, `SELECT available FROM stock`)
	if approved+rejected != orders || charges != approved || distinctCharges != charges || held != approved || available != stockLevel-approved {
		t.Errorf("approved %d, rejected %d; charges %d (%d orders); reservations held %d, released %d; stock %d of %d",
			approved, rejected, charges, distinctCharges, held, released, available, stockLevel)
	}
	// Every saga's events share its subject and end where its order ended.
	tr.mu.Lock()
	for id, evs := range tr.events {
		chain := strings.Join(evs, " ")
		switch {
		case strings.HasSuffix(chain, "payment.charged"), strings.HasSuffix(chain, "stock.rejected"),
			strings.HasSuffix(chain, "stock.released"):
		default:
			t.Errorf("saga %s: events %s", id, chain)
		}
	}
	traced := len(tr.events)
	tr.mu.Unlock()
	// Every event whose acknowledgement was lost comes again, and the inbox
	// drops it.
	var delivered, reacted, lostAcks int64
	for {
		delivered, reacted, lostAcks = 0, 0, 0
		for _, n := range []*node{orderSvc, stockSvc, paymentSvc} {
			delivered += n.delivered.Load()
			reacted += n.reacted.Load()
			lostAcks += n.lostAcks.Load()
		}
		if delivered-reacted >= lostAcks {
			break
		}
		select {
		case <-bound:
			t.Fatalf("%d redeliveries for %d lost acknowledgements after 2 minutes", delivered-reacted, lostAcks)
		case <-time.After(50 * time.Millisecond):
		}
	}
	// One reaction per event: 2 for an order the stock rejected, 3 for an
	// approved one, 4 for a declined one (placed, reserved, declined,
	// released).
	if want := int64(2*(rejected-released) + 3*approved + 4*released); reacted != want {
		t.Errorf("%d reactions, want %d: one per event", reacted, want)
	}
	t.Logf("orders: sent %d, ended %d (approved %d, rejected %d: %d after a released reservation), lost %d; events: delivered %d, handled %d, duplicated (dropped by the inboxes) %d after %d lost acknowledgements; sagas traced by subject %d",
		orders, approved+rejected, approved, rejected, released, orders-approved-rejected, delivered, reacted, delivered-reacted, lostAcks, traced)
	if delivered-reacted != lostAcks {
		t.Errorf("%d redeliveries, %d lost acknowledgements: a reaction ran twice or an event was skipped", delivered-reacted, lostAcks)
	}
}

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
	prefix = "choreo_" + hex.EncodeToString(b)
	stream = prefix
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := natsbus.EnsureStream(ctx, js, stream, prefix, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = js.DeleteStream(context.Background(), stream) })
	return js, stream, prefix
}
