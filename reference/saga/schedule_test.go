package saga_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

// stoppedClock is a clock whose time never moves: every Sleep lasts until
// its context ends.
type stoppedClock struct{ now time.Time }

func (c stoppedClock) Now() time.Time                  { return c.now }
func (c stoppedClock) Since(t time.Time) time.Duration { return c.now.Sub(t) }
func (c stoppedClock) Sleep(ctx context.Context, d time.Duration) error {
	<-ctx.Done()
	return ctx.Err()
}

// Four sagas in long retry loops must not stop a fifth from moving: a saga
// waiting for its next attempt is a due time in the log, not a sleeping
// worker. Before the fix Recover's four workers (the default Concurrency)
// each slept through a backoff wait, and the fifth saga, due at once, was
// never claimed.
func TestSagasInBackoffDoNotStarveOthers(t *testing.T) {
	log := saga.NewMemoryLog()
	steps := []saga.Step[string]{{
		Name:  "call",
		Retry: saga.RetryPolicy{MaxAttempts: 100, BaseDelay: time.Hour, MaxDelay: time.Hour, Jitter: func(c time.Duration) time.Duration { return c }},
		Action: func(ctx context.Context, key string, who string) (string, error) {
			if who == "stuck" {
				return who, errors.New("503: try again later")
			}
			return who, nil
		},
	}}
	o, err := saga.New(saga.Definition[string]{Name: "test", Steps: steps}, log, saga.Settings{Clock: stoppedClock{t0}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range saga.DefaultConcurrency {
		if err := o.Start(ctx, fmt.Sprint("stuck-", i), "stuck"); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Start(ctx, "ready", "ready"); err != nil {
		t.Fatal(err)
	}
	recovered := make(chan error, 1)
	go func() {
		_, err := o.Recover(ctx)
		recovered <- err
	}()
	select {
	case err := <-recovered:
		if err != nil {
			t.Fatalf("Recover = %v", err)
		}
	case <-time.After(10 * time.Second): // a liveness bound, not a timing
		cancel()
		<-recovered
		res, _ := o.Get(context.Background(), "ready")
		t.Fatalf("Recover still busy after 10s with the ready saga %s: its workers sleep through the backoff of the stuck sagas", res.Status)
	}
	if res, _ := o.Get(ctx, "ready"); res.Status != saga.StatusCompleted {
		t.Fatalf("ready saga: %+v", res)
	}
	for i := range saga.DefaultConcurrency {
		rec, _ := log.Get(ctx, fmt.Sprint("stuck-", i))
		if rec.Status != saga.StatusRunning || rec.Attempts != 1 || !rec.Due.Equal(t0.Add(time.Hour)) || rec.LeaseOwner != "" {
			t.Errorf("stuck saga %d: %+v, want running, due in an hour, lease free", i, rec)
		}
	}
	next, ok, err := log.NextDue(ctx, "test")
	if err != nil || !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("NextDue = %v, %v, %v", next, ok, err)
	}
}
