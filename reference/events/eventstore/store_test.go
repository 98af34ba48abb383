package eventstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/eventstore"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

func forEachDialect(t *testing.T, fn func(t *testing.T, d *sqldb.Dialect, db *sql.DB, st *eventstore.Store)) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			db := dbtest.Open(t, d)
			st, err := eventstore.New(db, d, eventstore.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.CreateTables(context.Background()); err != nil {
				t.Fatal(err)
			}
			fn(t, d, db, st)
		})
	}
}

func event(t testing.TB, id string, n int) events.Event {
	t.Helper()
	e, err := events.New("urn:test:counter", id, "com.example.counter.added.v1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), map[string]int{"n": n})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAppendAndRead(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d *sqldb.Dialect, db *sql.DB, st *eventstore.Store) {
		ctx := context.Background()
		v, err := st.Append(ctx, "counter-1", eventstore.NoStream, event(t, "a", 1), event(t, "b", 2))
		if err != nil || v != 2 {
			t.Fatalf("Append = %d, %v", v, err)
		}
		if _, err := st.Append(ctx, "counter-2", eventstore.NoStream, event(t, "c", 5)); err != nil {
			t.Fatal(err)
		}
		if v, err = st.Append(ctx, "counter-1", 2, event(t, "d", 3)); err != nil || v != 3 {
			t.Fatalf("second Append = %d, %v", v, err)
		}
		if v, err = st.Append(ctx, "counter-1", eventstore.Any, event(t, "e", 4)); err != nil || v != 4 {
			t.Fatalf("Append(Any) = %d, %v", v, err)
		}
		recs, err := st.ReadStream(ctx, "counter-1", 1)
		if err != nil {
			t.Fatal(err)
		}
		var ids string
		for _, r := range recs {
			ids += fmt.Sprintf("%s@%d ", r.Event.ID, r.Version)
		}
		if ids != "b@2 d@3 e@4 " {
			t.Fatalf("ReadStream after 1 = %s", ids)
		}
		if !recs[0].Event.Time.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || string(recs[0].Event.Data) != `{"n":2}` {
			t.Fatalf("event changed in storage: %+v", recs[0].Event)
		}

		all, err := st.ReadAll(ctx, 0, 3)
		if err != nil || len(all) != 3 {
			t.Fatalf("ReadAll = %d records, %v", len(all), err)
		}
		rest, err := st.ReadAll(ctx, all[2].Position, 100)
		if err != nil || len(rest) != 2 || rest[0].Position <= all[2].Position || rest[1].Event.ID != "e" {
			t.Fatalf("ReadAll page 2 = %+v, %v", rest, err)
		}

		if _, err := st.Append(ctx, "counter-1", 2, event(t, "f", 9)); !errors.Is(err, eventstore.ErrConcurrency) {
			t.Fatalf("stale expected version: %v", err)
		}
		var cerr *eventstore.ConcurrencyError
		if _, err := st.Append(ctx, "counter-1", 7, event(t, "f", 9)); !errors.As(err, &cerr) || cerr.Actual != 4 || cerr.Expected != 7 {
			t.Fatalf("future expected version: %v", err)
		}
		if _, err := st.Append(ctx, "counter-1", 4, events.Event{ID: "x"}); !errors.Is(err, events.ErrInvalid) {
			t.Fatalf("invalid event: %v", err)
		}

		// The constraint lives in the database: even SQL that bypasses the
		// store cannot fork a stream.
		_, err = db.ExecContext(ctx, "INSERT INTO events (stream, version, type, source, event_id, event) VALUES ('counter-1', 3, 't', 's', 'z', $1)", []byte("{}"))
		if !d.IsUniqueViolation(err) {
			t.Fatalf("duplicate (stream, version) inserted: %v", err)
		}
	})
}

// Many writers append to one stream at the same expected version: exactly
// one wins each round, the others get a ConcurrencyError.
func TestConcurrentAppendsExactlyOneWins(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d *sqldb.Dialect, db *sql.DB, st *eventstore.Store) {
		ctx := context.Background()
		const writers, rounds = 8, 5
		version := eventstore.NoStream
		for round := range rounds {
			var wg sync.WaitGroup
			errs := make([]error, writers)
			start := make(chan struct{})
			for w := range writers {
				wg.Go(func() {
					<-start
					_, errs[w] = st.Append(ctx, "race", version, event(t, fmt.Sprintf("r%d-w%d", round, w), w))
				})
			}
			close(start)
			wg.Wait()
			wins := 0
			for _, err := range errs {
				var cerr *eventstore.ConcurrencyError
				switch {
				case err == nil:
					wins++
				case errors.As(err, &cerr) && cerr.Expected == version:
				default:
					t.Fatalf("round %d: unexpected error %v", round, err)
				}
			}
			if wins != 1 {
				t.Fatalf("round %d: %d writers won", round, wins)
			}
			version++
		}
		recs, err := st.ReadStream(ctx, "race", 0)
		if err != nil || len(recs) != rounds {
			t.Fatalf("stream has %d events, %v", len(recs), err)
		}
	})
}

// On PostgreSQL, a writer that does not take the store's lock and inserts
// version 1 in an open transaction makes a concurrent Append wait on the
// unique index; when that writer commits, the unique constraint rejects the
// append, which reports a ConcurrencyError.
func TestUniqueConstraintDecidesARace(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t, sqldb.Postgres)
	st, err := eventstore.New(db, sqldb.Postgres, eventstore.Settings{Table: "ledger"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	rogue, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rogue.Rollback() }()
	if _, err := rogue.ExecContext(ctx, "INSERT INTO ledger (stream, version, type, source, event_id, event) VALUES ('acct', 1, 't', 's', 'rogue', $1)", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := st.Append(ctx, "acct", eventstore.NoStream, event(t, "mine", 1))
		done <- err
	}()
	waitForLockWait(t, db)
	if err := rogue.Commit(); err != nil {
		t.Fatal(err)
	}
	err = <-done
	var cerr *eventstore.ConcurrencyError
	if !errors.As(err, &cerr) || cerr.Actual != -1 {
		t.Fatalf("Append = %v, want a ConcurrencyError from the constraint", err)
	}
}

// waitForLockWait waits until some session of the database waits for a lock.
func waitForLockWait(t *testing.T, db *sql.DB) {
	t.Helper()
	for range 500 {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no session started to wait for a lock")
}

// A projection that polls ReadAll while writers append concurrently sees
// every event exactly once, in increasing position order.
func TestReadAllSkipsNothingUnderConcurrentAppends(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d *sqldb.Dialect, db *sql.DB, st *eventstore.Store) {
		ctx := context.Background()
		const writers, each = 4, 25
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					if _, err := st.Append(ctx, fmt.Sprintf("s%d-%d", w, i), eventstore.NoStream, event(t, fmt.Sprintf("%d-%d", w, i), i)); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		seen := map[string]bool{}
		var last int64
		deadline := time.Now().Add(30 * time.Second)
		for len(seen) < writers*each && time.Now().Before(deadline) {
			recs, err := st.ReadAll(ctx, last, 7)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Position <= last || seen[r.Event.ID] {
					t.Fatalf("position %d after %d, or %s seen twice", r.Position, last, r.Event.ID)
				}
				last, seen[r.Event.ID] = r.Position, true
			}
		}
		wg.Wait()
		if rest, _ := st.ReadAll(ctx, last, 1000); len(seen) != writers*each || len(rest) != 0 {
			t.Fatalf("projection saw %d of %d events; %d left behind", len(seen), writers*each, len(rest))
		}
	})
}

// counter is an aggregate with snapshots.
type counter struct {
	Sum, Applied int
}

func (c *counter) Apply(r eventstore.Record) error {
	var d struct{ N int }
	if err := r.Event.DecodeData(&d); err != nil {
		return err
	}
	c.Sum += d.N
	c.Applied++
	return nil
}

func (c *counter) MarshalSnapshot() ([]byte, error) { return json.Marshal(c.Sum) }
func (c *counter) UnmarshalSnapshot(b []byte) error { return json.Unmarshal(b, &c.Sum) }

func TestLoadWithSnapshots(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d *sqldb.Dialect, db *sql.DB, st *eventstore.Store) {
		ctx := context.Background()
		if _, err := st.Append(ctx, "c", eventstore.NoStream, event(t, "1", 1), event(t, "2", 2), event(t, "3", 3)); err != nil {
			t.Fatal(err)
		}
		var c counter
		v, err := st.Load(ctx, "c", &c)
		if err != nil || v != 3 || c.Sum != 6 || c.Applied != 3 {
			t.Fatalf("Load = %d, %+v, %v", v, c, err)
		}
		if err := st.SaveSnapshot(ctx, "c", v, &c); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveSnapshot(ctx, "c", 1, &counter{Sum: 1}); err != nil { // older: ignored
			t.Fatal(err)
		}
		if _, err := st.Append(ctx, "c", v, event(t, "4", 10)); err != nil {
			t.Fatal(err)
		}
		var c2 counter
		v, err = st.Load(ctx, "c", &c2)
		if err != nil || v != 4 || c2.Sum != 16 || c2.Applied != 1 {
			t.Fatalf("Load from snapshot = %d, %+v, %v (want sum 16 from 1 applied event)", v, c2, err)
		}
		var empty counter
		if v, err := st.Load(ctx, "nothing", &empty); err != nil || v != 0 {
			t.Fatalf("Load of a missing stream = %d, %v", v, err)
		}
	})
}

func TestSettings(t *testing.T) {
	if _, err := eventstore.New(nil, sqldb.SQLite, eventstore.Settings{Table: "events; DROP TABLE x"}); err == nil {
		t.Fatal("accepted an injected table name")
	}
}
