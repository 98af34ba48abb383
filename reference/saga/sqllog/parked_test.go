package sqllog_test

import (
	"context"
	"errors"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
)

// TestFailingCompensations makes the release of the reservation fail: three
// times on a saga that allows five attempts (it ends compensated), and until
// an operator steps in on two others, which are parked; one is retried once
// the release works again, the other resolved by hand.
func TestFailingCompensations(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			log := newLog(t, b)
			s := newShop(t, b.Open(t))
			def := s.definition()
			failures := map[string]int{"flaky:reserve": 3, "stuck:reserve": 100, "manual:reserve": 100}
			release := def.Steps[0].Compensate
			def.Steps[0].Compensate = func(ctx context.Context, key string, o order) error {
				if failures[key] > 0 {
					failures[key]--
					return errors.New("stock service unavailable")
				}
				return release(ctx, key, o)
			}
			fake := clock.NewFake(t0)
			o, err := saga.New(def, log, saga.Settings{Clock: fake})
			if err != nil {
				t.Fatal(err)
			}

			if res, err := o.Run(ctx, "flaky", order{Decline: true}); err != nil || res.Status != saga.StatusCompensated {
				t.Fatalf("Run(flaky) = %+v, %v", res, err)
			}
			checkEnded(t, log, s, "flaky", order{Decline: true})
			evs, _ := log.Events(ctx, "flaky")
			failed := 0
			for _, ev := range evs {
				if ev.Type == saga.EventCompensationFailed {
					failed++
					if ev.StepName != "reserve" || ev.Error != "stock service unavailable" {
						t.Errorf("event %+v", ev)
					}
				}
			}
			if failed != 3 || len(fake.Sleeps()) != 3 {
				t.Errorf("%d failed compensations, %d waits; want 3 and 3", failed, len(fake.Sleeps()))
			}

			for _, id := range []string{"stuck", "manual"} {
				_, err := o.Run(ctx, id, order{Decline: true})
				var pe *saga.ParkedError
				if !errors.As(err, &pe) || !pe.Compensating || pe.Step != "reserve" {
					t.Fatalf("Run(%s) = %v", id, err)
				}
			}
			parked, err := o.Parked(ctx)
			if err != nil || len(parked) != 2 || parked[0].ID != "stuck" || parked[1].ID != "manual" ||
				parked[0].Error != "stock service unavailable" || parked[0].Reason != "card declined" || parked[0].Attempts != 5 {
				t.Fatalf("Parked = %+v, %v", parked, err)
			}
			// Recovery leaves parked sagas alone.
			if n, err := o.Recover(ctx); n != 0 || err != nil {
				t.Fatalf("Recover = %d, %v", n, err)
			}

			failures["stuck:reserve"] = 0 // the stock service is back
			if res, err := o.Retry(ctx, "stuck"); err != nil || res.Status != saga.StatusCompensated {
				t.Fatalf("Retry = %+v, %v", res, err)
			}
			checkEnded(t, log, s, "stuck", order{Decline: true})

			if err := o.Resolve(ctx, "manual", "released by hand in the stock service"); err != nil {
				t.Fatal(err)
			}
			rec, _ := log.Get(ctx, "manual")
			if rec.Status != saga.StatusResolved || rec.Error != "released by hand in the stock service" || rec.LeaseOwner != "" {
				t.Fatalf("resolved record: %+v", rec)
			}
			if eff := s.effects(t, "manual"); eff["reserve/release"] != 0 || eff["hold/unhold"] != 1 {
				t.Errorf("effects of the resolved saga: %v", eff)
			}
			if parked, _ := o.Parked(ctx); len(parked) != 0 {
				t.Errorf("still parked: %+v", parked)
			}
			checkLeases(t, log, "manual")
		})
	}
}
