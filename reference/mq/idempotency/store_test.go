package idempotency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// fakeClock is a settable clock for Settings.Now.
type fakeClock struct{ t atomic.Int64 }

func (c *fakeClock) now() time.Time          { return time.UnixMilli(c.t.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.t.Add(d.Milliseconds()) }
func newClock() *fakeClock                   { c := &fakeClock{}; c.t.Store(1_700_000_000_000); return c }

// effectsDDL creates the table a test handler writes its effect to.
var effectsDDL = map[Dialect]string{
	SQLite:   `CREATE TABLE effects (key TEXT NOT NULL)`,
	Postgres: `CREATE TABLE effects (key text NOT NULL)`,
}

// each runs test against a fresh SQLite store and a fresh PostgreSQL store,
// the latter in a schema of its own that is dropped afterwards.
func each(t *testing.T, s Settings, test func(t *testing.T, st *Store, insert string)) {
	t.Run("sqlite", func(t *testing.T) {
		ctx := context.Background()
		st, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "store.db"), s)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		if _, err := st.DB().ExecContext(ctx, effectsDDL[SQLite]); err != nil {
			t.Fatal(err)
		}
		test(t, st, `INSERT INTO effects (key) VALUES (?)`)
	})
	t.Run("postgres", func(t *testing.T) {
		st := postgresStore(t, s)
		if _, err := st.DB().Exec(effectsDDL[Postgres]); err != nil {
			t.Fatal(err)
		}
		test(t, st, `INSERT INTO effects (key) VALUES ($1)`)
	})
}

// postgresStore opens a Store in a schema of the test's own.
func postgresStore(t testing.TB, s Settings) *Store {
	t.Helper()
	st, err := OpenPostgres(context.Background(), mqtest.PostgresSchema(t), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func countEffects(t *testing.T, st *Store, key string) int {
	t.Helper()
	var n int
	q := `SELECT count(*) FROM effects WHERE key = ?`
	if st.dialect == Postgres {
		q = `SELECT count(*) FROM effects WHERE key = $1`
	}
	if err := st.DB().QueryRow(q, key).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDoOnceAndRollback(t *testing.T) {
	each(t, Settings{}, func(t *testing.T, st *Store, insert string) {
		ctx := context.Background()
		effect := func(key string) func(context.Context, *sql.Tx) error {
			return func(ctx context.Context, tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, insert, key)
				return err
			}
		}
		if dup, err := st.Do(ctx, "a", effect("a")); err != nil || dup {
			t.Fatalf("first Do = %v, %v", dup, err)
		}
		if dup, err := st.Do(ctx, "a", effect("a")); err != nil || !dup {
			t.Fatalf("second Do = %v, %v; want duplicate", dup, err)
		}
		if n := countEffects(t, st, "a"); n != 1 {
			t.Fatalf("effect applied %d times, want 1", n)
		}

		// A failing handler leaves neither its effect nor the key behind.
		errDown := errors.New("downstream down")
		_, err := st.Do(ctx, "b", func(ctx context.Context, tx *sql.Tx) error {
			if err := effect("b")(ctx, tx); err != nil {
				return err
			}
			return errDown
		})
		if !errors.Is(err, errDown) {
			t.Fatalf("Do returned %v, want the handler's error", err)
		}
		if n := countEffects(t, st, "b"); n != 0 {
			t.Fatalf("failed handler left %d effects", n)
		}
		if dup, err := st.Do(ctx, "b", effect("b")); err != nil || dup {
			t.Fatalf("retry after failure = %v, %v", dup, err)
		}
		if n := countEffects(t, st, "b"); n != 1 {
			t.Fatalf("effect applied %d times after retry, want 1", n)
		}

		if _, err := st.Do(ctx, "", effect("")); !errors.Is(err, ErrNoKey) {
			t.Fatalf("empty key: %v, want ErrNoKey", err)
		}
	})
}

func TestConcurrentDuplicates(t *testing.T) {
	each(t, Settings{}, func(t *testing.T, st *Store, insert string) {
		ctx := context.Background()
		var ran atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				_, err := st.Do(ctx, "same", func(ctx context.Context, tx *sql.Tx) error {
					ran.Add(1)
					time.Sleep(5 * time.Millisecond) // hold the key while others arrive
					_, err := tx.ExecContext(ctx, insert, "same")
					return err
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := ran.Load(); n != 1 {
			t.Fatalf("handler ran %d times for one key, want 1", n)
		}
		if n := countEffects(t, st, "same"); n != 1 {
			t.Fatalf("effect applied %d times, want 1", n)
		}
	})
}

func TestExpire(t *testing.T) {
	clock := newClock()
	each(t, Settings{Retention: time.Hour, Now: clock.now}, func(t *testing.T, st *Store, insert string) {
		ctx := context.Background()
		noop := func(context.Context, *sql.Tx) error { return nil }
		if _, err := st.Do(ctx, "old", noop); err != nil {
			t.Fatal(err)
		}
		clock.advance(50 * time.Minute)
		if _, err := st.Do(ctx, "new", noop); err != nil {
			t.Fatal(err)
		}
		clock.advance(20 * time.Minute) // old is 70 min old, new 20 min
		n, err := st.Expire(ctx)
		if err != nil || n != 1 {
			t.Fatalf("Expire = %d, %v; want 1", n, err)
		}
		if dup, _ := st.Do(ctx, "new", noop); !dup {
			t.Fatal("unexpired key forgotten")
		}
		if dup, _ := st.Do(ctx, "old", noop); dup {
			t.Fatal("expired key still remembered")
		}
	})
}

func TestInvalidTable(t *testing.T) {
	_, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "x.db"), Settings{Table: "x; DROP TABLE y"})
	if err == nil {
		t.Fatal("invalid table name accepted")
	}
}

func TestDoBatchGroupCommit(t *testing.T) {
	each(t, Settings{}, func(t *testing.T, st *Store, insert string) {
		ctx := context.Background()
		effect := func(key string) func(context.Context, *sql.Tx) error {
			return func(ctx context.Context, tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, insert, key)
				return err
			}
		}
		if _, err := st.Do(ctx, "done-before", effect("done-before")); err != nil {
			t.Fatal(err)
		}
		errDown := errors.New("downstream down")
		items := []Item{
			{Key: "a", Fn: effect("a")},
			{Key: "done-before", Fn: effect("done-before")},
			{Key: "fails", Fn: func(ctx context.Context, tx *sql.Tx) error {
				if err := effect("fails")(ctx, tx); err != nil {
					return err
				}
				return errDown // after writing: the savepoint must undo the write
			}},
			{Key: "a", Fn: effect("a")}, // a copy inside the batch
			{Key: "", Fn: effect("")},
			{Key: "b", Fn: effect("b")},
			{Key: "fails", Fn: effect("fails")}, // a copy of the failed one
		}
		results, err := st.DoBatch(ctx, items)
		if err != nil {
			t.Fatal(err)
		}
		want := []Result{{}, {Duplicate: true}, {Err: errDown}, {Duplicate: true}, {Err: ErrNoKey}, {}, {Err: errDown}}
		for i, r := range results {
			if r.Duplicate != want[i].Duplicate || !errors.Is(r.Err, want[i].Err) || (r.Err == nil) != (want[i].Err == nil) {
				t.Errorf("item %d (%q): %+v, want %+v", i, items[i].Key, r, want[i])
			}
		}
		for key, n := range map[string]int{"a": 1, "b": 1, "done-before": 1, "fails": 0} {
			if got := countEffects(t, st, key); got != n {
				t.Errorf("%s applied %d times, want %d", key, got, n)
			}
		}
		// The failed item left no key: its retry runs.
		if dup, err := st.Do(ctx, "fails", effect("fails")); err != nil || dup {
			t.Fatalf("retry of the failed item: %v, %v", dup, err)
		}
		// A second batch with the same keys changes nothing.
		results, err = st.DoBatch(ctx, []Item{{Key: "a", Fn: effect("a")}, {Key: "b", Fn: effect("b")}})
		if err != nil || !results[0].Duplicate || !results[1].Duplicate {
			t.Fatalf("second batch: %+v, %v", results, err)
		}
	})
}

// TestDoBatchRunsEachItemOnceWhenAllSucceed counts Fn calls: a batch whose
// items all succeed runs each once, in one transaction without savepoints;
// a batch with a failing item runs again with savepoints, the items before
// the failure twice (the first run rolled back), and still applies each
// effect once.
func TestDoBatchRunsEachItemOnceWhenAllSucceed(t *testing.T) {
	each(t, Settings{}, func(t *testing.T, st *Store, insert string) {
		ctx := context.Background()
		calls := map[string]int{}
		errDown := errors.New("downstream down")
		item := func(key string, fail bool) Item {
			return Item{Key: key, Fn: func(ctx context.Context, tx *sql.Tx) error {
				calls[key]++
				if _, err := tx.ExecContext(ctx, insert, key); err != nil {
					return err
				}
				if fail {
					return errDown
				}
				return nil
			}}
		}
		if _, err := st.DoBatch(ctx, []Item{item("x1", false), item("x2", false), item("x3", false)}); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"x1", "x2", "x3"} {
			if calls[k] != 1 {
				t.Errorf("%s: %d calls, want 1", k, calls[k])
			}
		}
		results, err := st.DoBatch(ctx, []Item{item("y1", false), item("y2", true), item("y3", false)})
		if err != nil {
			t.Fatal(err)
		}
		if results[0].Err != nil || !errors.Is(results[1].Err, errDown) || results[2].Err != nil {
			t.Fatalf("results %+v, want y2 failed alone", results)
		}
		for k, want := range map[string]int{"y1": 2, "y2": 2, "y3": 1} {
			if calls[k] != want {
				t.Errorf("%s: %d calls, want %d", k, calls[k], want)
			}
		}
		for k, want := range map[string]int{"x1": 1, "y1": 1, "y2": 0, "y3": 1} {
			if got := countEffects(t, st, k); got != want {
				t.Errorf("%s applied %d times, want %d", k, got, want)
			}
		}
	})
}

// TestDoBatchConcurrentInstances runs overlapping batches from several
// goroutines at once, as several consumer instances would: every key's
// effect is applied once.
func TestDoBatchConcurrentInstances(t *testing.T) {
	each(t, Settings{}, func(t *testing.T, st *Store, insert string) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for round := range 20 {
					var items []Item
					for k := range 10 {
						key := fmt.Sprint("k-", (round*7+k*(w+1))%60)
						items = append(items, Item{Key: key, Fn: func(ctx context.Context, tx *sql.Tx) error {
							_, err := tx.ExecContext(ctx, insert, key)
							return err
						}})
					}
					// A batch that failed as a whole is retried, as a consumer would.
					for {
						if _, err := st.DoBatch(ctx, items); err == nil {
							break
						}
					}
				}
			})
		}
		wg.Wait()
		var rows, distinct int
		if err := st.DB().QueryRow(`SELECT count(*), count(DISTINCT key) FROM effects`).Scan(&rows, &distinct); err != nil {
			t.Fatal(err)
		}
		if rows != distinct {
			t.Fatalf("%d effects for %d keys", rows, distinct)
		}
	})
}

// TestDoBulkAppliesNewItemsInOneCall: the bulk function sees each new key
// once, in one call; when it fails, the batch is handled one item at a time
// and only the item that fails alone fails.
func TestDoBulkAppliesNewItemsInOneCall(t *testing.T) {
	each(t, Settings{}, func(t *testing.T, st *Store, insert string) {
		ctx := context.Background()
		if _, err := st.Do(ctx, "done-before", func(context.Context, *sql.Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
		errPoison := errors.New("cannot apply")
		var calls [][]string
		bulk := func(keys []string) BulkFunc {
			return func(ctx context.Context, tx *sql.Tx, items []int) error {
				var got []string
				for _, i := range items {
					got = append(got, keys[i])
				}
				calls = append(calls, got)
				for _, k := range got {
					if _, err := tx.ExecContext(ctx, insert, k); err != nil {
						return err
					}
					if k == "poison" {
						return errPoison // after writing: the rollback must undo the writes
					}
				}
				return nil
			}
		}

		keys := []string{"a", "done-before", "b", "a", "", "c"}
		results, err := st.DoBulk(ctx, keys, bulk(keys))
		if err != nil {
			t.Fatal(err)
		}
		want := []Result{{}, {Duplicate: true}, {}, {Duplicate: true}, {Err: ErrNoKey}, {}}
		for i := range results {
			if results[i].Duplicate != want[i].Duplicate || !errors.Is(results[i].Err, want[i].Err) || (results[i].Err == nil) != (want[i].Err == nil) {
				t.Errorf("item %d (%q): %+v, want %+v", i, keys[i], results[i], want[i])
			}
		}
		if len(calls) != 1 || !slices.Equal(calls[0], []string{"a", "b", "c"}) {
			t.Fatalf("bulk calls %q, want one call with a, b, c", calls)
		}

		calls = nil
		keys = []string{"d", "poison", "e", "a"}
		results, err = st.DoBulk(ctx, keys, bulk(keys))
		if err != nil {
			t.Fatal(err)
		}
		if results[0].Err != nil || !errors.Is(results[1].Err, errPoison) || results[2].Err != nil || !results[3].Duplicate {
			t.Fatalf("results %+v: want d and e applied, poison failed, a a duplicate", results)
		}
		if !slices.Equal(calls[0], []string{"d", "poison", "e"}) || len(calls) < 4 {
			t.Fatalf("bulk calls %q: want the whole batch once, then one item at a time", calls)
		}
		for _, c := range calls[1:] {
			if len(c) != 1 {
				t.Fatalf("bulk calls %q: after the failure, one item at a time", calls)
			}
		}
		for key, n := range map[string]int{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "poison": 0} {
			if got := countEffects(t, st, key); got != n {
				t.Errorf("%s applied %d times, want %d", key, got, n)
			}
		}
		// All duplicates: nothing to apply, no call.
		calls = nil
		if _, err := st.DoBulk(ctx, []string{"a", "b"}, bulk([]string{"a", "b"})); err != nil || len(calls) != 0 {
			t.Fatalf("a batch of duplicates: calls %q, %v", calls, err)
		}
	})
}
