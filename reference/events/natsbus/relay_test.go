package natsbus_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// The whole path on real services: state and events commit together in
// PostgreSQL, a relay publishes the outbox to JetStream, and a subscriber
// applies each event once through its inbox.
func TestOutboxToJetStream(t *testing.T) {
	js, stream, prefix := jetStream(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db := dbtest.Open(t, sqldb.Postgres)
	box, err := outbox.New(db, sqldb.Postgres, outbox.Settings{BatchSize: 4, PollInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	in, err := outbox.NewInbox(db, outbox.InboxSettings{})
	if err != nil {
		t.Fatal(err)
	}
	for _, create := range []func(context.Context) error{box.CreateTable, in.CreateTable} {
		if err := create(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE totals (currency TEXT PRIMARY KEY, cents BIGINT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	reg, _ := orders.Registry()

	const n = 10
	for i := range n {
		e := order(t, orders.Source, fmt.Sprint("o", i), orders.CreatedV2, v2A)
		if err := reg.Stamp(&e); err != nil {
			t.Fatal(err)
		}
		if err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error { return box.Add(ctx, tx, e) }); err != nil {
			t.Fatal(err)
		}
	}
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{Stream: stream, Durable: "totals", Prefix: prefix, Registry: reg,
		Filter: natsbus.Filter{Type: "com.example.order.created", Versions: []int{2}}},
		func(ctx context.Context, e events.Event) error {
			var o orders.Created2
			if err := e.DecodeData(&o); err != nil {
				return err
			}
			return sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
				first, err := in.First(ctx, tx, e.Key())
				if err != nil || !first {
					return err
				}
				_, err = tx.ExecContext(ctx, "INSERT INTO totals VALUES ($1, $2) ON CONFLICT (currency) DO UPDATE SET cents = totals.cents + excluded.cents",
					o.Total.Currency, o.Total.AmountCents)
				return err
			})
		})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sub.Stop(ctx) }()
	relayCtx, stopRelay := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		_ = box.Relay(natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix, Registry: reg})).Run(relayCtx)
	})
	defer func() { stopRelay(); wg.Wait() }()

	deadline := time.Now().Add(20 * time.Second)
	for {
		var cents int64
		err := db.QueryRowContext(ctx, "SELECT cents FROM totals WHERE currency = 'USD'").Scan(&cents)
		if err == nil && cents == n*v2A.Total.AmountCents {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("total %d after 20 s (err %v), want %d", cents, err, n*v2A.Total.AmountCents)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if left, _ := box.Pending(ctx); left != 0 {
		t.Fatalf("%d outbox rows left", left)
	}
}
