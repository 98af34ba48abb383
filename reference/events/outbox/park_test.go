package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// A row that fails MaxAttempts times while the broker takes the rows behind
// it is parked with its reason and attempt count, reported as a
// *ParkedError, listed by Parked, and published again after ReplayParked;
// the rows behind it are published meanwhile.
func TestPoisonRowIsParkedAndReplayed(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			fake := clock.NewFake(t0)
			db, o := setup(t, d, outbox.Settings{Clock: fake, MaxAttempts: 3})
			c := newConsumer(t, db)
			next := 0
			sellNext := func() {
				t.Helper()
				if err := sell(ctx, db, o, ev(t, next)); err != nil {
					t.Fatal(err)
				}
				next++
			}
			for range 3 {
				sellNext()
			}
			pub := rejecting{consumer: c, reject: map[string]bool{"e1": true}}
			relay := o.Relay(pub)
			var parked *outbox.ParkedError
			for pass := 0; parked == nil && pass < 20; pass++ {
				_, err := relay.RelayOnce(ctx)
				if err != nil && !errors.Is(err, errRejected) {
					t.Fatal(err)
				}
				errors.As(err, &parked)
				fake.Advance(time.Minute) // past every retry delay
				sellNext()                // the service goes on writing events
			}
			if parked == nil {
				t.Fatal("the poison row was never parked")
			}
			if parked.Row.Event.ID != "e1" || parked.Row.Attempts != 3 || !errors.Is(parked, outbox.ErrParked) {
				t.Fatalf("parked %+v", parked.Row)
			}
			if _, err := relay.RelayOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if n := pending(t, o); n != 0 {
				t.Fatalf("%d rows pending; want every row but the parked one published", n)
			}
			rows, err := o.Parked(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].Event.ID != "e1" || rows[0].Attempts != 3 || rows[0].Reason == "" || rows[0].ParkedAt.After(fake.Now()) {
				t.Fatalf("Parked = %+v", rows)
			}
			t.Logf("parked: row %d %s after %d attempts: %s", rows[0].ID, rows[0].Event.Key(), rows[0].Attempts, rows[0].Reason)

			delete(pub.reject, "e1") // the operator fixed the cause
			if n, err := o.ReplayParked(ctx, rows[0].ID, 999); n != 1 || err != nil {
				t.Fatalf("ReplayParked = %d, %v", n, err)
			}
			if n, err := relay.RelayOnce(ctx); n != 1 || err != nil {
				t.Fatalf("relay after replay = %d, %v", n, err)
			}
			if dups := c.check(t, next); dups != 0 {
				t.Fatalf("%d duplicates", dups)
			}
			if rows, _ := o.Parked(ctx, 0); len(rows) != 0 {
				t.Fatalf("still parked: %+v", rows)
			}
		})
	}
}

// While every publish fails, the broker is to blame, not the rows: an outage
// parks nothing, however long it lasts, and the rows go out when it ends.
func TestOutageParksNothing(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			fake := clock.NewFake(t0)
			db, o := setup(t, d, outbox.Settings{Clock: fake, MaxAttempts: 2})
			c := newConsumer(t, db)
			for i := range 3 {
				if err := sell(ctx, db, o, ev(t, i)); err != nil {
					t.Fatal(err)
				}
			}
			down := rejecting{consumer: c, reject: map[string]bool{"e0": true, "e1": true, "e2": true}}
			relay := o.Relay(down)
			for range 10 {
				if _, err := relay.RelayOnce(ctx); errors.Is(err, outbox.ErrParked) {
					t.Fatalf("a row was parked during an outage: %v", err)
				}
				fake.Advance(time.Minute)
			}
			clear(down.reject) // the broker is back
			n, err := relay.RelayOnce(ctx)
			if n != 3 || err != nil {
				t.Fatalf("after the outage RelayOnce = %d, %v; want all 3", n, err)
			}
		})
	}
}

// Expire deletes the inbox entries handled before the cut-off and keeps the
// others, which still deduplicate.
func TestInboxExpire(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			db := dbtest.Open(t, d)
			fake := clock.NewFake(t0)
			in, err := outbox.NewInbox(db, outbox.InboxSettings{Clock: fake})
			if err != nil {
				t.Fatal(err)
			}
			if err := in.CreateTable(ctx); err != nil {
				t.Fatal(err)
			}
			first := func(i int) bool {
				t.Helper()
				var ok bool
				err := sqldb.InTx(ctx, db, func(tx *sql.Tx) (err error) {
					ok, err = in.First(ctx, tx, ev(t, i).Key())
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				return ok
			}
			first(1)
			fake.Advance(48 * time.Hour)
			first(2)
			fake.Advance(time.Hour)
			if n, err := in.Expire(ctx, 24*time.Hour); n != 1 || err != nil {
				t.Fatalf("Expire = %d, %v; want the entry of 49 hours ago", n, err)
			}
			if !first(1) || first(2) {
				t.Fatal("after Expire, e1 must be new again and e2 still a duplicate")
			}
		})
	}
}

// An inbox table made before entries had a time gets the column, stamped
// with the time of the upgrade, so that Expire does not drop its entries at
// once.
func TestInboxUpgradesAnOldTable(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			db := dbtest.Open(t, d)
			if _, err := db.ExecContext(ctx, "CREATE TABLE inbox (source TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (source, event_id))"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO inbox VALUES ('urn:test:shop', 'e1')"); err != nil {
				t.Fatal(err)
			}
			fake := clock.NewFake(t0)
			in, _ := outbox.NewInbox(db, outbox.InboxSettings{Clock: fake})
			if err := in.CreateTable(ctx); err != nil {
				t.Fatal(err)
			}
			if n, err := in.Expire(ctx, time.Hour); n != 0 || err != nil {
				t.Fatalf("Expire right after the upgrade = %d, %v", n, err)
			}
			fake.Advance(2 * time.Hour)
			if n, err := in.Expire(ctx, time.Hour); n != 1 || err != nil {
				t.Fatalf("Expire two hours later = %d, %v", n, err)
			}
		})
	}
}
