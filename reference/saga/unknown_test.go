package saga_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

// chargeSaga reserves (compensatable) and charges (the pivot, whose attempts
// answer with charge in turn, and whose Query answers with query) and ships.
func chargeSaga(s *script, charge []error, query error) saga.Definition[[]string] {
	steps := s.steps("c:reserve", "p:charge", "r:ship")
	steps[1].Action = func(ctx context.Context, key string, done []string) ([]string, error) {
		s.call("charge")
		if len(charge) > 0 {
			err := charge[0]
			charge = charge[1:]
			if err != nil {
				return nil, err
			}
		}
		return append(done, "charge"), nil
	}
	if query != errNoQuery {
		steps[1].Query = func(ctx context.Context, key string, done []string) ([]string, error) {
			s.call("?charge@" + key)
			if query != nil {
				return nil, query
			}
			return append(done, "charge"), nil
		}
	}
	return saga.Definition[[]string]{Name: "test", Steps: steps}
}

var errNoQuery = errors.New("the step has no Query")

// When a step must stop retrying while its outcome is unknown, its Query
// decides: it took effect (go on), it never will (turn back), or it cannot
// tell (park).
func TestQueryResolvesAnUnknownOutcome(t *testing.T) {
	unknown := []error{errInFlight, errInFlight, errInFlight}
	tests := []struct {
		name   string
		query  error
		status saga.Status
		trace  string
	}{
		{"it took effect", nil, saga.StatusCompleted, "reserve charge charge charge ?charge@s1:charge ship"},
		{"it never will", saga.Abort(errors.New("no charge under this key; key fenced")), saga.StatusCompensated, "reserve charge charge charge ?charge@s1:charge ~reserve"},
		{"it cannot tell", errors.New("payments: 503"), saga.StatusParked, "reserve charge charge charge ?charge@s1:charge"},
		{"no Query", errNoQuery, saga.StatusParked, "reserve charge charge charge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &script{}
			log := saga.NewMemoryLog()
			o, err := saga.New(chargeSaga(s, unknown, tt.query), log, saga.Settings{Clock: clock.NewFake(t0)})
			if err != nil {
				t.Fatal(err)
			}
			res, err := o.Run(context.Background(), "s1", nil)
			if res.Status != tt.status || (err != nil) != (tt.status == saga.StatusParked) {
				t.Fatalf("Run = %+v, %v; want %s", res, err, tt.status)
			}
			if got := s.trace(); got != tt.trace {
				t.Errorf("calls = %q, want %q", got, tt.trace)
			}
			if tt.status == saga.StatusParked && !strings.Contains(res.Error, "outcome unknown") {
				t.Errorf("parked with %q", res.Error)
			}
		})
	}
}

// An attempt cut by its timeout may have taken effect, whatever error it
// returns: a pivot that times out on every attempt is parked, not turned
// back.
func TestTimedOutPivotIsNeverTurnedBack(t *testing.T) {
	s := &script{}
	def := chargeSaga(s, nil, errNoQuery)
	def.Steps[1].Timeout = time.Millisecond
	def.Steps[1].Action = func(ctx context.Context, key string, done []string) ([]string, error) {
		s.call("charge")
		<-ctx.Done()
		return nil, errors.New("payments: read: connection reset") // a plain error, but cut by the timeout
	}
	o, err := saga.New(def, saga.NewMemoryLog(), saga.Settings{Clock: clock.NewFake(t0)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := o.Run(context.Background(), "s1", nil)
	if !errors.Is(err, saga.ErrParked) || res.Status != saga.StatusParked {
		t.Fatalf("Run = %+v, %v; want parked", res, err)
	}
	if got, want := s.trace(), "reserve charge charge charge"; got != want {
		t.Errorf("calls = %q, want %q (no compensation)", got, want)
	}
}

// A crash in the middle of an attempt leaves the step's outcome unknown in
// the log: recovery retries it with the same key, and a step that runs out
// of attempts that way is not turned back.
func TestAttemptInFlightIsUnknownInTheLog(t *testing.T) {
	log := saga.NewMemoryLog()
	s := &script{}
	def := chargeSaga(s, nil, errNoQuery)
	ctx, stop := context.WithCancel(context.Background())
	def.Steps[1].Action = func(ctx context.Context, key string, done []string) ([]string, error) {
		stop() // the process goes down during the charge
		return nil, ctx.Err()
	}
	o, _ := saga.New(def, log, saga.Settings{Clock: clock.NewFake(t0)})
	if _, err := o.Run(ctx, "s1", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	rec, _ := log.Get(context.Background(), "s1")
	if !rec.Unknown || rec.Step != 1 || rec.Attempts != 1 {
		t.Fatalf("record after the crash: %+v", rec)
	}
}

// The deadline stops a saga going forward: short of the pivot's success it
// turns back (after resolving an unknown outcome), past the pivot it parks.
// A retry wait never ends after the deadline.
func TestDeadline(t *testing.T) {
	t.Run("before the pivot it turns back", func(t *testing.T) {
		s := &script{fail: map[string][]error{"b": {errBusy, errBusy, errBusy, errBusy}}}
		steps := s.steps("c:a", "c:b", "p:pay")
		steps[1].Retry = saga.RetryPolicy{MaxAttempts: 100, BaseDelay: time.Minute, MaxDelay: time.Hour, Jitter: func(c time.Duration) time.Duration { return c }}
		fake := clock.NewFake(t0)
		o, _ := saga.New(saga.Definition[[]string]{Name: "test", Steps: steps, Deadline: 5 * time.Minute}, saga.NewMemoryLog(), saga.Settings{Clock: fake})
		res, err := o.Run(context.Background(), "s1", nil)
		if err != nil || res.Status != saga.StatusCompensated || res.Reason != saga.ErrDeadline.Error() {
			t.Fatalf("Run = %+v, %v", res, err)
		}
		if got, want := s.trace(), "a b b b ~b ~a"; got != want {
			t.Errorf("calls = %q, want %q", got, want)
		}
		// Waits of 1, 2 and then 4 minutes, cut to end at the deadline.
		if got := fake.Sleeps(); len(got) != 3 || got[2] != 2*time.Minute {
			t.Errorf("waits = %v, want 1m 2m 2m", got)
		}
	})
	t.Run("past the pivot it parks", func(t *testing.T) {
		s := &script{fail: map[string][]error{"ship": {errBusy, errBusy}}}
		steps := s.steps("c:a", "p:pay", "r:ship")
		steps[2].Retry = saga.RetryPolicy{MaxAttempts: 100, BaseDelay: time.Hour, Jitter: func(c time.Duration) time.Duration { return c }}
		o, _ := saga.New(saga.Definition[[]string]{Name: "test", Steps: steps, Deadline: time.Minute}, saga.NewMemoryLog(), saga.Settings{Clock: clock.NewFake(t0)})
		res, err := o.Run(context.Background(), "s1", nil)
		var pe *saga.ParkedError
		if !errors.As(err, &pe) || pe.Step != "ship" || pe.Err != saga.ErrDeadline.Error() {
			t.Fatalf("Run = %+v, %v", res, err)
		}
		// An operator's Retry lifts the deadline.
		if res, err := o.Retry(context.Background(), "s1"); err != nil || res.Status != saga.StatusCompleted {
			t.Fatalf("Retry = %+v, %v", res, err)
		}
		if got, want := s.trace(), "a pay ship ship ship"; got != want {
			t.Errorf("calls = %q, want %q", got, want)
		}
	})
	t.Run("an unknown outcome is resolved before turning back", func(t *testing.T) {
		s := &script{}
		def := chargeSaga(s, []error{errInFlight, errInFlight}, saga.Abort(errors.New("not charged")))
		def.Deadline = time.Minute
		def.Steps[1].Retry = saga.RetryPolicy{MaxAttempts: 100, BaseDelay: 40 * time.Second, Jitter: func(c time.Duration) time.Duration { return c }}
		o, _ := saga.New(def, saga.NewMemoryLog(), saga.Settings{Clock: clock.NewFake(t0)})
		res, err := o.Run(context.Background(), "s1", nil)
		if err != nil || res.Status != saga.StatusCompensated {
			t.Fatalf("Run = %+v, %v", res, err)
		}
		if got, want := s.trace(), "reserve charge charge ?charge@s1:charge ~reserve"; got != want {
			t.Errorf("calls = %q, want %q", got, want)
		}
	})
	t.Run("zero is the default, negative none", func(t *testing.T) {
		s := &script{}
		log := saga.NewMemoryLog()
		for id, d := range map[string]time.Duration{"default": 0, "none": -1} {
			o, _ := saga.New(saga.Definition[[]string]{Name: "test", Steps: s.steps("c:a"), Deadline: d}, log, saga.Settings{Clock: clock.NewFake(t0)})
			if err := o.Start(context.Background(), id, nil); err != nil {
				t.Fatal(err)
			}
		}
		if rec, _ := log.Get(context.Background(), "default"); !rec.Deadline.Equal(t0.Add(saga.DefaultDeadline)) {
			t.Errorf("default deadline %v", rec.Deadline)
		}
		if rec, _ := log.Get(context.Background(), "none"); !rec.Deadline.IsZero() {
			t.Errorf("no deadline, yet %v", rec.Deadline)
		}
	})
}
