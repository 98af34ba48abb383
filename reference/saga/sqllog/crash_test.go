package sqllog_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/barrier"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
)

// order is the data of the test saga.
type order struct {
	Decline   bool // the charge is declined: the saga is compensated
	FlakyHold int  // the hold fails this many times before it succeeds
}

// shop is a set of participants that record their effects in a real
// database, guarded by the barrier, in a table without a unique key: an
// effect applied twice would show as two rows.
type shop struct {
	db    *sql.DB
	mu    sync.Mutex
	flaky map[string]int // failures so far per key
	calls int            // participant calls that reached the barrier

	// watch, when set, is called around every participant call.
	watch func(key string, enter bool)
}

func newShop(t testing.TB, db *sql.DB) *shop {
	t.Helper()
	ctx := context.Background()
	if err := barrier.CreateTable(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE effect (saga_key TEXT NOT NULL, what TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return &shop{db: db, flaky: map[string]int{}}
}

// effect applies the effect what under the barrier for key and op, and rolls
// it back when fail is set.
func (s *shop) effect(ctx context.Context, key string, op barrier.Op, what string, fail error) error {
	if s.watch != nil {
		s.watch(key, true)
		defer s.watch(key, false)
	}
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	return barrier.Run(ctx, s.db, key, op, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO effect (saga_key, what) VALUES ($1, $2)`, key, what); err != nil {
			return err
		}
		return fail
	})
}

func (s *shop) action(what string) func(context.Context, string, order) (order, error) {
	return func(ctx context.Context, key string, o order) (order, error) {
		return o, s.effect(ctx, key, barrier.Action, what, nil)
	}
}

func (s *shop) compensation(what string) func(context.Context, string, order) error {
	return func(ctx context.Context, key string, o order) error {
		return s.effect(ctx, key, barrier.Compensation, what, nil)
	}
}

// definition is reserve (compensatable), hold (compensatable), charge (the
// pivot) and ship (retriable).
func (s *shop) definition() saga.Definition[order] {
	retry := saga.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond}
	return saga.Definition[order]{
		Name: "order",
		Steps: []saga.Step[order]{
			{Name: "reserve", Action: s.action("reserve"), Compensate: s.compensation("release"), Retry: retry},
			{
				Name: "hold",
				Action: func(ctx context.Context, key string, o order) (order, error) {
					s.mu.Lock()
					fail := s.flaky[key] < o.FlakyHold
					if fail {
						s.flaky[key]++
					}
					s.mu.Unlock()
					if fail {
						return o, errors.New("hold: service unavailable")
					}
					return s.action("hold")(ctx, key, o)
				},
				Compensate: s.compensation("unhold"),
				Retry:      retry,
			},
			{
				Name: "charge",
				Kind: saga.Pivot,
				Action: func(ctx context.Context, key string, o order) (order, error) {
					var declined error
					if o.Decline {
						declined = saga.Abort(errors.New("card declined"))
					}
					return o, s.effect(ctx, key, barrier.Action, "charge", declined)
				},
				Retry: retry,
			},
			{Name: "ship", Kind: saga.Retriable, Action: s.action("ship"), Retry: retry},
		},
	}
}

// effects returns the count of each effect of saga id, by "step/what".
func (s *shop) effects(t testing.TB, id string) map[string]int {
	t.Helper()
	rows, err := s.db.Query(`SELECT saga_key, what FROM effect WHERE saga_key LIKE $1`, id+":%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var key, what string
		if err := rows.Scan(&key, &what); err != nil {
			t.Fatal(err)
		}
		out[key[len(id)+1:]+"/"+what]++
	}
	return out
}

// checkEnded asserts that saga id ended completed or fully compensated, that
// no effect was applied twice, that the effects match the outcome, and that
// every write was made by the holder of the lease.
func checkEnded(t testing.TB, log saga.Log, s *shop, id string, o order) {
	t.Helper()
	rec, err := log.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	eff := s.effects(t, id)
	for k, n := range eff {
		if n != 1 {
			t.Errorf("%s: effect %s applied %d times", id, k, n)
		}
	}
	var want map[string]int
	switch {
	case !o.Decline && rec.Status == saga.StatusCompleted:
		want = map[string]int{"reserve/reserve": 1, "hold/hold": 1, "charge/charge": 1, "ship/ship": 1}
	case o.Decline && rec.Status == saga.StatusCompensated:
		want = map[string]int{"reserve/reserve": 1, "reserve/release": 1, "hold/hold": 1, "hold/unhold": 1}
	default:
		t.Fatalf("%s ended %s (compensating %v, %s %s); declined: %v", id, rec.Status, rec.Compensating, rec.Reason, rec.Error, o.Decline)
	}
	if fmt.Sprint(eff) != fmt.Sprint(want) {
		t.Errorf("%s: effects %v, want %v", id, eff, want)
	}
	checkLeases(t, log, id)
}

// checkLeases asserts that every event of saga id but an acquisition was
// written by the owner of the latest acquisition (or creation).
func checkLeases(t testing.TB, log saga.Log, id string) {
	t.Helper()
	evs, err := log.Events(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	holder := ""
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Fatalf("%s: event %d has seq %d", id, i, ev.Seq)
		}
		switch {
		case ev.Type == saga.EventCreated || ev.Type == saga.EventAcquired:
			holder = ev.Owner
		case ev.Owner != holder:
			t.Fatalf("%s: event %d (%s) written by %s while %s held the lease", id, ev.Seq, ev.Type, ev.Owner, holder)
		}
	}
}

// errCrashed is what a crashed process's log returns: nothing reaches the
// database any more.
var errCrashed = errors.New("the process is dead")

// crashLog passes writes to a Log until the write numbered at, where the
// process "dies": it panics before or after that write (when panicking is
// set) or cancels the orchestrator's context after it. A dead crashLog
// refuses every further call, so a crashed orchestrator cannot even free its
// leases.
type crashLog struct {
	saga.Log
	at     int
	before bool // crash before write at, not after it
	cancel context.CancelFunc
	mu     sync.Mutex
	writes int
	dead   bool
}

type crash struct{}

// write runs fn as write number n and crashes there if told to.
func (c *crashLog) write(fn func() error) error {
	c.mu.Lock()
	if c.dead {
		c.mu.Unlock()
		return errCrashed
	}
	c.writes++
	here := c.writes == c.at
	if here && c.before && c.cancel == nil {
		c.dead = true
		c.mu.Unlock()
		panic(crash{})
	}
	c.mu.Unlock()
	err := fn()
	if here {
		if c.cancel != nil {
			c.cancel()
			return err
		}
		c.mu.Lock()
		c.dead = true
		c.mu.Unlock()
		panic(crash{})
	}
	return err
}

func (c *crashLog) Create(ctx context.Context, r saga.Record, ev saga.Event) error {
	return c.write(func() error { return c.Log.Create(ctx, r, ev) })
}

func (c *crashLog) Save(ctx context.Context, r *saga.Record, ev saga.Event) error {
	return c.write(func() error { return c.Log.Save(ctx, r, ev) })
}

func (c *crashLog) Acquire(ctx context.Context, id, owner string, now, until time.Time) (r saga.Record, err error) {
	err = c.write(func() error { r, err = c.Log.Acquire(ctx, id, owner, now, until); return err })
	return r, err
}

func (c *crashLog) Release(ctx context.Context, id, owner string) error {
	c.mu.Lock()
	dead := c.dead
	c.mu.Unlock()
	if dead {
		return errCrashed
	}
	return c.Log.Release(ctx, id, owner)
}

// recoverAll runs Recover passes, moving the fake clock on to the time the
// next saga falls due between them, until no saga is running.
func recoverAll(ctx context.Context, o *saga.Orchestrator[order], log saga.Log, fake *clock.Fake) error {
	for {
		if _, err := o.Recover(ctx); err != nil {
			return err
		}
		next, ok, err := log.NextDue(ctx, "order")
		if err != nil || !ok {
			return err
		}
		fake.Advance(max(next.Sub(fake.Now()), 0))
	}
}

// runUntilCrash runs fn and reports whether it crashed.
func runUntilCrash(fn func()) (crashed bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(crash); !ok {
				panic(r)
			}
			crashed = true
		}
	}()
	fn()
	return false
}

const leaseTTL = time.Minute

func newOrchestrator(t testing.TB, log saga.Log, s *shop, c clock.Clock, owner string) *saga.Orchestrator[order] {
	t.Helper()
	o, err := saga.New(s.definition(), log, saga.Settings{Clock: c, Owner: owner, LeaseTTL: leaseTTL})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestCrashAtEveryBoundary stops the orchestrator at every write it makes
// (a panic before the write, a panic after it, or a cancelled context after
// it) in a saga that completes, one that is compensated and one with
// retries, and checks that a new orchestrator recovers each to the same
// end, with every effect applied once.
func TestCrashAtEveryBoundary(t *testing.T) {
	scenarios := map[string]order{
		"completes":     {},
		"compensated":   {Decline: true},
		"after retries": {FlakyHold: 2},
	}
	modes := []string{"panic before", "panic after", "cancel after"}
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			log := newLog(t, b)
			s := newShop(t, b.Open(t))
			ctx := context.Background()
			for name, o := range scenarios {
				// A clean run tells how many writes there are.
				counter := &crashLog{Log: log}
				id := "clean " + name
				if _, err := newOrchestrator(t, counter, s, clock.NewFake(t0), "clean").Run(ctx, id, o); err != nil {
					t.Fatal(err)
				}
				checkEnded(t, log, s, id, o)
				for _, mode := range modes {
					for at := 1; at <= counter.writes; at++ {
						if testing.Short() && b.Name != "sqlite" && at%3 != 1 {
							continue // -short: every boundary on SQLite, every third on a server (.ci/run runs all)
						}
						id := fmt.Sprintf("%s/%s/%d", name, mode, at)
						fake := clock.NewFake(t0)
						runCtx, cancel := context.WithCancel(ctx)
						cl := &crashLog{Log: log, at: at, before: mode == "panic before"}
						if mode == "cancel after" {
							cl.cancel = cancel
						}
						first := newOrchestrator(t, cl, s, fake, "first")
						crashed := runUntilCrash(func() { _, _ = first.Run(runCtx, id, o) })
						cancel()
						if crashed != (mode != "cancel after") {
							t.Fatalf("%s: crashed = %v", id, crashed)
						}
						if at == 1 && mode == "panic before" {
							if _, err := log.Get(ctx, id); !errors.Is(err, saga.ErrNotFound) {
								t.Fatalf("%s: a saga that crashed before it was created exists: %v", id, err)
							}
							continue
						}
						fake.Advance(2 * leaseTTL) // a crashed orchestrator's leases expire
						if err := recoverAll(ctx, newOrchestrator(t, log, s, fake, "second"), log, fake); err != nil {
							t.Fatalf("%s: Recover: %v", id, err)
						}
						checkEnded(t, log, s, id, o)
					}
				}
			}
			// Recoveries called participants again for effects already
			// applied, and the barrier absorbed those calls.
			var effects int
			if err := s.db.QueryRow(`SELECT COUNT(*) FROM effect`).Scan(&effects); err != nil {
				t.Fatal(err)
			}
			if s.calls <= effects {
				t.Errorf("%d participant calls for %d effects: no call was repeated", s.calls, effects)
			}
			t.Logf("%d participant calls, %d effects", s.calls, effects)
		})
	}
}

// TestRepeatedCrashes crashes orchestrator after orchestrator at random
// writes, recovering each saga through Drive, until every saga has ended.
func TestRepeatedCrashes(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			log := newLog(t, b)
			s := newShop(t, b.Open(t))
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(7, 7))
			fake := clock.NewFake(t0)
			for i := range 12 {
				o := order{Decline: i%3 == 0, FlakyHold: i % 2}
				id := fmt.Sprint("chaos-", i)
				run := func(cl *crashLog, owner string, first bool) bool {
					orch := newOrchestrator(t, cl, s, fake, owner)
					return runUntilCrash(func() {
						if first {
							_, _ = orch.Run(ctx, id, o)
						} else {
							_, _ = orch.Drive(ctx, id)
						}
					})
				}
				crashes := 0
				for run(&crashLog{Log: log, at: 1 + rng.IntN(6), before: rng.IntN(2) == 0}, fmt.Sprint("o", crashes), crashes == 0) {
					crashes++
					fake.Advance(2 * leaseTTL)
					if _, err := log.Get(ctx, id); errors.Is(err, saga.ErrNotFound) {
						crashes = 0 // crashed before the saga was recorded: start again
					}
				}
				checkEnded(t, log, s, id, o)
			}
		})
	}
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
