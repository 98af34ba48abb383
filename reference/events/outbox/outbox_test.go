package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// consumer receives what the relay publishes and applies each event in a
// transaction of its own database, deduplicated by an inbox: it counts
// deliveries (at least once) and applications (exactly once).
type consumer struct {
	db    *sql.DB
	inbox *outbox.Inbox

	mu         sync.Mutex
	deliveries map[events.Key]int
	order      []string

	// before, if set, runs before each delivery; an error fails it.
	before func(ctx context.Context, e events.Event) error
}

func newConsumer(t testing.TB, db *sql.DB) *consumer {
	t.Helper()
	ctx := context.Background()
	in, err := outbox.NewInbox(db, outbox.InboxSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE applied (event_id TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	return &consumer{db: db, inbox: in, deliveries: map[events.Key]int{}}
}

func (c *consumer) Publish(ctx context.Context, e events.Event) error {
	if c.before != nil {
		if err := c.before(ctx, e); err != nil {
			return err
		}
	}
	ctx = context.WithoutCancel(ctx) // the consumer is another process
	err := sqldb.InTx(ctx, c.db, func(tx *sql.Tx) error {
		first, err := c.inbox.First(ctx, tx, e.Key())
		if err != nil || !first {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO applied (event_id) VALUES ($1)", e.ID)
		return err
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deliveries[e.Key()]++
	c.order = append(c.order, e.ID)
	return nil
}

// check asserts that every one of the n events "e0".."e<n-1>" was delivered
// at least once and applied exactly once, and returns the number of
// duplicate deliveries.
func (c *consumer) check(t *testing.T, n int) int {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	dups := 0
	for i := range n {
		k := events.Key{Source: "urn:test:shop", ID: fmt.Sprint("e", i)}
		if c.deliveries[k] == 0 {
			t.Errorf("%s was never delivered", k)
		}
		dups += max(c.deliveries[k]-1, 0)
	}
	var applied, distinct int
	if err := c.db.QueryRow("SELECT count(*), count(DISTINCT event_id) FROM applied").Scan(&applied, &distinct); err != nil {
		t.Fatal(err)
	}
	if applied != n || distinct != n {
		t.Errorf("applied %d events (%d distinct), want each of %d exactly once", applied, distinct, n)
	}
	return dups
}

func ev(t testing.TB, i int) events.Event {
	t.Helper()
	e, err := events.New("urn:test:shop", fmt.Sprint("e", i), "com.example.shop.sold.v1", t0, map[string]int{"i": i})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func setup(t *testing.T, d *sqldb.Dialect, s outbox.Settings) (*sql.DB, *outbox.Outbox) {
	t.Helper()
	db := dbtest.Open(t, d)
	o, err := outbox.New(db, d, s)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := o.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE sales (id TEXT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	return db, o
}

// sell changes the state and writes its event in one transaction.
func sell(ctx context.Context, db *sql.DB, o *outbox.Outbox, e events.Event) error {
	return sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sales (id) VALUES ($1)", e.ID); err != nil {
			return err
		}
		return o.Add(ctx, tx, e)
	})
}

func pending(t *testing.T, o *outbox.Outbox) int {
	t.Helper()
	n, err := o.Pending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Events commit or roll back with the state change.
func TestEventsCommitWithTheState(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			db, o := setup(t, d, outbox.Settings{})
			if err := sell(ctx, db, o, ev(t, 0)); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("payment declined")
			err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
				if err := o.Add(ctx, tx, ev(t, 1)); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			err = sqldb.InTx(ctx, db, func(tx *sql.Tx) error { return o.Add(ctx, tx, events.Event{ID: "no-type"}) })
			if !errors.Is(err, events.ErrInvalid) {
				t.Fatalf("invalid event: %v", err)
			}
			c := newConsumer(t, db)
			n, err := o.Relay(c).RelayOnce(ctx)
			if err != nil || n != 1 {
				t.Fatalf("RelayOnce = %d, %v", n, err)
			}
			c.check(t, 1)
			if p := pending(t, o); p != 0 {
				t.Fatalf("%d rows left", p)
			}
		})
	}
}

// A relay dies after publishing part of a batch and before deleting it (its
// context is cancelled in the middle of a batch, so neither the rest of the
// batch nor the deletes happen). A new relay publishes what was never sent at
// once and, after the lease, the claimed rows again: every event arrives at
// least once and the consumer's inbox applies each exactly once.
func TestRelayKilledBetweenPublishAndMarkLosesNothing(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			const total, batch, dieAfter = 25, 10, 15
			fake := clock.NewFake(t0)
			settings := outbox.Settings{BatchSize: batch, Lease: time.Minute, Clock: fake}
			db, o := setup(t, d, settings)
			ctx := context.Background()
			for i := range total {
				if err := sell(ctx, db, o, ev(t, i)); err != nil {
					t.Fatal(err)
				}
			}
			c := newConsumer(t, db)
			relayCtx, kill := context.WithCancel(ctx)
			published := 0
			c.before = func(ctx context.Context, e events.Event) error {
				if err := ctx.Err(); err != nil {
					return err // the process is gone: nothing more is published
				}
				published++
				if published == dieAfter {
					kill() // dies right after this publish, before the deletes
				}
				return nil
			}
			first := o.Relay(c)
			if n, err := first.RelayOnce(relayCtx); err != nil || n != batch {
				t.Fatalf("first batch: %d, %v", n, err)
			}
			if n, err := first.RelayOnce(relayCtx); err == nil || n != dieAfter-batch {
				t.Fatalf("second batch: %d, %v; want %d published and an error", n, err, dieAfter-batch)
			}
			if p := pending(t, o); p != total-batch {
				t.Fatalf("%d rows pending after the crash, want %d (the claimed batch and the unclaimed rest)", p, total-batch)
			}

			c.before = nil
			o2, err := outbox.New(db, d, settings) // a new process
			if err != nil {
				t.Fatal(err)
			}
			second := o2.Relay(c)
			if n, err := second.RelayOnce(ctx); err != nil || n != total-2*batch {
				t.Fatalf("new relay before the lease ran out: %d, %v; want only the %d unclaimed rows", n, err, total-2*batch)
			}
			if n, _ := second.RelayOnce(ctx); n != 0 {
				t.Fatalf("rows of the dead relay were taken before their lease ran out: %d", n)
			}
			fake.Advance(time.Minute)
			if n, err := second.RelayOnce(ctx); err != nil || n != batch {
				t.Fatalf("after the lease: %d, %v", n, err)
			}
			if p := pending(t, o); p != 0 {
				t.Fatalf("%d rows left", p)
			}
			if dups := c.check(t, total); dups != dieAfter-batch {
				t.Fatalf("%d duplicate deliveries, want %d (published but not marked)", dups, dieAfter-batch)
			}
		})
	}
}

// A publish error deletes what was published, releases the rest at once,
// without waiting for the lease, and sets the failed row aside for
// PollInterval (doubling with each failure).
func TestPublishErrorReleasesTheRest(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			fake := clock.NewFake(t0)
			db, o := setup(t, d, outbox.Settings{Clock: fake})
			for i := range 5 {
				if err := sell(ctx, db, o, ev(t, i)); err != nil {
					t.Fatal(err)
				}
			}
			c := newConsumer(t, db)
			down := errors.New("broker unavailable")
			c.before = func(_ context.Context, e events.Event) error {
				if e.ID == "e2" {
					return down
				}
				return nil
			}
			r := o.Relay(c)
			// e0, e1, then e2 fails and e3 is tried once to tell a bad row
			// from a bad broker.
			if n, err := r.RelayOnce(ctx); n != 3 || !errors.Is(err, down) {
				t.Fatalf("RelayOnce = %d, %v", n, err)
			}
			c.before = nil
			if n, err := r.RelayOnce(ctx); n != 1 || err != nil {
				t.Fatalf("next pass = %d, %v; want e4, behind the failed row", n, err)
			}
			if n, err := r.RelayOnce(ctx); n != 0 || err != nil {
				t.Fatalf("pass before the retry delay = %d, %v; want nothing", n, err)
			}
			fake.Advance(outbox.DefaultPollInterval)
			if n, err := r.RelayOnce(ctx); n != 1 || err != nil {
				t.Fatalf("retry = %d, %v", n, err)
			}
			if dups := c.check(t, 5); dups != 0 {
				t.Fatalf("%d duplicates", dups)
			}
		})
	}
}

// A publish whose acknowledgement never comes (lost with the connection)
// fails after PublishTimeout, although the relay's context allows ten
// minutes, and the rest of the batch is released for the next pass.
func TestLostAckTimesOutAndReleasesTheRest(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	fake := clock.NewFake(t0)
	db, o := setup(t, sqldb.SQLite, outbox.Settings{Clock: fake, PublishTimeout: 50 * time.Millisecond})
	for i := range 5 {
		if err := sell(ctx, db, o, ev(t, i)); err != nil {
			t.Fatal(err)
		}
	}
	c := newConsumer(t, db)
	c.before = func(ctx context.Context, e events.Event) error {
		if e.ID == "e2" {
			<-ctx.Done() // the acknowledgement that never comes
			return ctx.Err()
		}
		return nil
	}
	r := o.Relay(c)
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() { n, err := r.RelayOnce(ctx); done <- result{n, err} }()
	select {
	case res := <-done:
		if res.n != 3 || !errors.Is(res.err, context.DeadlineExceeded) {
			t.Fatalf("RelayOnce = %d, %v; want 3 (e2's successor included) and a deadline error", res.n, res.err)
		}
	case <-time.After(30 * time.Second): // the liveness bound
		t.Fatal("RelayOnce still waits for the lost acknowledgement after 30 s")
	}
	c.before = nil
	fake.Advance(outbox.DefaultPollInterval)
	if n, err := r.RelayOnce(ctx); n != 2 || err != nil {
		t.Fatalf("next pass = %d, %v; want the other 2", n, err)
	}
	if dups := c.check(t, 5); dups != 0 {
		t.Fatalf("%d duplicates", dups)
	}
}

// The classic outbox bug, forced with two real PostgreSQL transactions:
// transaction A inserts first (lower id) but commits after transaction B,
// whose row is relayed in between. A relay with an "id > last" cursor would
// never see A's row; this relay publishes it on its next pass.
func TestLateCommitIsNotSkipped(t *testing.T) {
	ctx := context.Background()
	db, o := setup(t, sqldb.Postgres, outbox.Settings{})
	c := newConsumer(t, db)
	r := o.Relay(c)

	txA, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = txA.Rollback() }()
	if err := o.Add(ctx, txA, ev(t, 0)); err != nil {
		t.Fatal(err)
	}
	if err := sell(ctx, db, o, ev(t, 1)); err != nil { // transaction B commits first
		t.Fatal(err)
	}
	var idA, idB int64
	if err := txA.QueryRow("SELECT id FROM outbox WHERE event_id = 'e0'").Scan(&idA); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT id FROM outbox WHERE event_id = 'e1'").Scan(&idB); err != nil {
		t.Fatal(err)
	}
	if idA >= idB {
		t.Fatalf("ids %d (late) and %d (early): not the dangerous interleaving", idA, idB)
	}
	if n, err := r.RelayOnce(ctx); err != nil || n != 1 {
		t.Fatalf("first pass: %d, %v", n, err)
	}
	if err := txA.Commit(); err != nil {
		t.Fatal(err)
	}
	if n, err := r.RelayOnce(ctx); err != nil || n != 1 {
		t.Fatalf("second pass: %d, %v (the late row was skipped)", n, err)
	}
	c.check(t, 2)
	if got := fmt.Sprint(c.order); got != "[e1 e0]" {
		t.Fatalf("publish order %s, want [e1 e0]", got)
	}
}

// Several relays run at once against one outbox while the service writes;
// they share the rows (SKIP LOCKED on PostgreSQL) and, together, deliver
// every event.
func TestConcurrentRelays(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			const total, relays = 200, 3
			ctx := context.Background()
			db, o := setup(t, d, outbox.Settings{BatchSize: 16, PollInterval: 5 * time.Millisecond})
			c := newConsumer(t, db)
			runCtx, stop := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for range relays {
				wg.Go(func() {
					if err := o.Relay(c).Run(runCtx); !errors.Is(err, context.Canceled) {
						t.Errorf("Run = %v", err)
					}
				})
			}
			for i := range total {
				if err := sell(ctx, db, o, ev(t, i)); err != nil {
					t.Fatal(err)
				}
			}
			deadline := time.Now().Add(30 * time.Second)
			for pending(t, o) > 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			stop()
			wg.Wait()
			c.check(t, total)
		})
	}
}
