package temporalsaga_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/temporalsaga"
)

// trip is the data of a test saga that books a trip.
type trip struct {
	Booked []string
}

// world records the calls of the steps and fails them as told.
type world struct {
	mu    sync.Mutex
	calls []string
	fail  map[string][]error // errors to return in turn, per "step" or "~step"
}

func (w *world) call(what, key string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls = append(w.calls, what+"@"+key)
	if errs := w.fail[what]; len(errs) > 0 {
		w.fail[what] = errs[1:]
		return errs[0]
	}
	return nil
}

func (w *world) trace() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.calls, " ")
}

// definition books a car and a hotel (compensatable), pays (the pivot) and
// sends the tickets (retriable).
func (w *world) definition() saga.Definition[trip] {
	retry := saga.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Minute}
	step := func(name string, kind saga.Kind) saga.Step[trip] {
		st := saga.Step[trip]{
			Name:  name,
			Kind:  kind,
			Retry: retry,
			Action: func(ctx context.Context, key string, t trip) (trip, error) {
				if err := w.call(name, key); err != nil {
					return t, err
				}
				t.Booked = append(t.Booked, name)
				return t, nil
			},
		}
		if kind == saga.Compensatable {
			st.Compensate = func(ctx context.Context, key string, t trip) error {
				return w.call("~"+name, key)
			}
		}
		return st
	}
	return saga.Definition[trip]{Name: "trip", Steps: []saga.Step[trip]{
		step("car", saga.Compensatable),
		step("hotel", saga.Compensatable),
		step("pay", saga.Pivot),
		step("tickets", saga.Retriable),
	}}
}

func run(t *testing.T, w *world, setup func(env *testsuite.TestWorkflowEnvironment)) (trip, error) {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := suite.NewTestWorkflowEnvironment()
	s, err := temporalsaga.New(w.definition())
	if err != nil {
		t.Fatal(err)
	}
	s.Register(env)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: "t1"})
	if setup != nil {
		setup(env)
	}
	env.ExecuteWorkflow("trip", trip{})
	if !env.IsWorkflowCompleted() {
		t.Fatal("the workflow did not complete")
	}
	var out trip
	err = env.GetWorkflowError()
	if err == nil {
		err = env.GetWorkflowResult(&out)
	}
	return out, err
}

var (
	errBusy     = errors.New("busy")
	errDeclined = saga.Abort(errors.New("declined"))
)

func TestWorkflow(t *testing.T) {
	tests := []struct {
		name   string
		fail   map[string][]error
		trace  string
		booked string
		abort  bool
	}{
		{
			name:   "completes",
			trace:  "car@t1:car hotel@t1:hotel pay@t1:pay tickets@t1:tickets",
			booked: "car hotel pay tickets",
		},
		{
			name:   "transient failures are retried",
			fail:   map[string][]error{"hotel": {errBusy, errBusy}, "tickets": {errBusy, errBusy, errBusy, errBusy}},
			trace:  "car@t1:car hotel@t1:hotel hotel@t1:hotel hotel@t1:hotel pay@t1:pay tickets@t1:tickets tickets@t1:tickets tickets@t1:tickets tickets@t1:tickets tickets@t1:tickets",
			booked: "car hotel pay tickets",
		},
		{
			name:  "a declined pivot compensates the steps before it in reverse order",
			fail:  map[string][]error{"pay": {errDeclined}},
			trace: "car@t1:car hotel@t1:hotel pay@t1:pay ~hotel@t1:hotel ~car@t1:car",
			abort: true,
		},
		{
			name:  "a step out of attempts is compensated too",
			fail:  map[string][]error{"hotel": {errBusy, errBusy, errBusy}},
			trace: "car@t1:car hotel@t1:hotel hotel@t1:hotel hotel@t1:hotel ~hotel@t1:hotel ~car@t1:car",
		},
		{
			name:  "compensations are retried per their policy",
			fail:  map[string][]error{"hotel": {errDeclined}, "~car": {errBusy, errBusy}},
			trace: "car@t1:car hotel@t1:hotel ~hotel@t1:hotel ~car@t1:car ~car@t1:car ~car@t1:car",
			abort: true,
		},
		{
			name:  "no compensation after the pivot",
			fail:  map[string][]error{"tickets": {errDeclined}},
			trace: "car@t1:car hotel@t1:hotel pay@t1:pay tickets@t1:tickets",
			abort: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &world{fail: tt.fail}
			out, err := run(t, w, nil)
			if got := w.trace(); got != tt.trace {
				t.Errorf("calls:\n%s\nwant:\n%s", got, tt.trace)
			}
			if tt.booked != "" {
				if err != nil || strings.Join(out.Booked, " ") != tt.booked {
					t.Errorf("result %+v, %v", out, err)
				}
				return
			}
			var appErr *temporal.ApplicationError
			if !errors.As(err, &appErr) {
				t.Fatalf("workflow error = %v", err)
			}
			if got := appErr.Type() == temporalsaga.AbortErrorType; got != tt.abort {
				t.Errorf("error type %q: %v", appErr.Type(), err)
			}
		})
	}
}

// Cancelling the workflow before the pivot turns it back: the compensations
// still run, in a disconnected context. After the pivot it goes forward.
func TestCancellation(t *testing.T) {
	t.Run("before the pivot", func(t *testing.T) {
		w := &world{fail: map[string][]error{"hotel": {errBusy, errBusy}}}
		_, err := run(t, w, func(env *testsuite.TestWorkflowEnvironment) {
			env.RegisterDelayedCallback(env.CancelWorkflow, 500*time.Millisecond) // during the hotel's backoff
		})
		var canceled *temporal.CanceledError
		if !errors.As(err, &canceled) {
			t.Fatalf("workflow error = %v", err)
		}
		if got, want := w.trace(), "car@t1:car hotel@t1:hotel ~hotel@t1:hotel ~car@t1:car"; got != want {
			t.Errorf("calls = %q, want %q", got, want)
		}
	})
	t.Run("after the pivot", func(t *testing.T) {
		w := &world{fail: map[string][]error{"tickets": {errBusy, errBusy}}}
		out, err := run(t, w, func(env *testsuite.TestWorkflowEnvironment) {
			env.RegisterDelayedCallback(env.CancelWorkflow, 500*time.Millisecond) // during the tickets' backoff
		})
		if err != nil || len(out.Booked) != 4 {
			t.Fatalf("result %+v, %v", out, err)
		}
		if got := w.trace(); strings.Contains(got, "~") {
			t.Errorf("compensated after the pivot: %s", got)
		}
	})
}

func TestInvalidDefinition(t *testing.T) {
	if _, err := temporalsaga.New(saga.Definition[trip]{Name: "empty"}); !errors.Is(err, saga.ErrInvalidDefinition) {
		t.Fatalf("New = %v", err)
	}
}

// A compensation that fails past its attempts, or aborts, parks the saga as
// the orchestrator does: no further compensation runs until an operator's
// Decision comes, which retries it or closes the saga by hand. Before the
// fix the workflow went on to the next compensation.
func TestFailingCompensationParks(t *testing.T) {
	for _, tt := range []struct {
		name     string
		fail     []error
		decision temporalsaga.Decision
		trace    string
		resolved bool
	}{
		{
			name:     "an abort, then retried",
			fail:     []error{saga.Abort(errors.New("hotel: booking unknown"))},
			decision: temporalsaga.Decision{Retry: true},
			trace:    "car@t1:car hotel@t1:hotel pay@t1:pay ~hotel@t1:hotel | ~hotel@t1:hotel ~car@t1:car",
		},
		{
			name:     "out of attempts, then resolved",
			fail:     []error{errBusy, errBusy, errBusy},
			decision: temporalsaga.Decision{Note: "cancelled at the hotel by phone"},
			trace:    "car@t1:car hotel@t1:hotel pay@t1:pay ~hotel@t1:hotel ~hotel@t1:hotel ~hotel@t1:hotel |",
			resolved: true,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &world{fail: map[string][]error{"pay": {errDeclined}, "~hotel": tt.fail}}
			var parked temporalsaga.Status
			_, err := run(t, w, func(env *testsuite.TestWorkflowEnvironment) {
				env.RegisterDelayedCallback(func() {
					v, err := env.QueryWorkflow(temporalsaga.QueryName)
					if err == nil {
						err = v.Get(&parked)
					}
					if err != nil {
						t.Errorf("query: %v", err)
					}
					w.call("|", "") // what ran before the decision
					env.SignalWorkflow(temporalsaga.SignalName, tt.decision)
				}, time.Hour)
			})
			if !parked.Parked || !parked.Compensating || parked.Step != "hotel" || parked.Error == "" {
				t.Errorf("status while parked: %+v", parked)
			}
			if got := strings.ReplaceAll(w.trace(), "|@", "|"); got != tt.trace {
				t.Errorf("calls:\n%s\nwant:\n%s", got, tt.trace)
			}
			if got := strings.Contains(fmt.Sprint(err), "resolved by hand"); got != tt.resolved || !strings.Contains(fmt.Sprint(err), "declined") {
				t.Errorf("workflow error: %v", err)
			}
		})
	}
}
