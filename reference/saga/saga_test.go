package saga_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// script makes the steps of a test saga fail as told and records every call.
type script struct {
	mu    sync.Mutex
	calls []string
	fail  map[string][]error // errors to return, in turn, per "name" or "~name"
}

func (s *script) call(what string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, what)
	if errs := s.fail[what]; len(errs) > 0 {
		s.fail[what] = errs[1:]
		return errs[0]
	}
	return nil
}

func (s *script) trace() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.calls, " ")
}

// steps returns one step per name; a name is "kind:name" with kind c, p or r.
func (s *script) steps(specs ...string) []saga.Step[[]string] {
	var out []saga.Step[[]string]
	for _, spec := range specs {
		kind, name, _ := strings.Cut(spec, ":")
		st := saga.Step[[]string]{
			Name:  name,
			Retry: saga.RetryPolicy{MaxAttempts: 3},
			Action: func(ctx context.Context, key string, done []string) ([]string, error) {
				if err := s.call(name); err != nil {
					return nil, err
				}
				return append(done, name), nil
			},
		}
		switch kind {
		case "c":
			st.Compensate = func(ctx context.Context, key string, done []string) error { return s.call("~" + name) }
		case "p":
			st.Kind = saga.Pivot
		case "r":
			st.Kind = saga.Retriable
		}
		out = append(out, st)
	}
	return out
}

func newOrchestrator(t *testing.T, log saga.Log, steps []saga.Step[[]string]) (*saga.Orchestrator[[]string], *clock.Fake) {
	t.Helper()
	fake := clock.NewFake(t0)
	o, err := saga.New(saga.Definition[[]string]{Name: "test", Steps: steps}, log, saga.Settings{Clock: fake, Owner: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return o, fake
}

var (
	errBusy     = errors.New("busy")
	errDeclined = saga.Abort(errors.New("declined"))
	errInFlight = saga.Unknown(errors.New("409: the same key is still in flight"))
)

func TestOutcomes(t *testing.T) {
	tests := []struct {
		name   string
		steps  []string
		fail   map[string][]error
		status saga.Status
		trace  string
		parked bool
	}{
		{
			name:   "all succeed",
			steps:  []string{"c:a", "c:b", "p:pay", "r:ship"},
			status: saga.StatusCompleted,
			trace:  "a b pay ship",
		},
		{
			name:   "transient failures are retried",
			steps:  []string{"c:a", "p:pay", "r:ship"},
			fail:   map[string][]error{"a": {errBusy, errBusy}, "ship": {errBusy}},
			status: saga.StatusCompleted,
			trace:  "a a a pay ship ship",
		},
		{
			name:   "a business failure compensates in reverse order, the failed step included",
			steps:  []string{"c:a", "c:b", "c:c", "p:pay"},
			fail:   map[string][]error{"c": {errDeclined}},
			status: saga.StatusCompensated,
			trace:  "a b c ~c ~b ~a",
		},
		{
			name:   "a compensatable step out of attempts turns back",
			steps:  []string{"c:a", "c:b", "p:pay"},
			fail:   map[string][]error{"b": {errBusy, errBusy, errBusy}},
			status: saga.StatusCompensated,
			trace:  "a b b b ~b ~a",
		},
		{
			name:   "a declined pivot compensates the steps before it",
			steps:  []string{"c:a", "c:b", "p:pay", "r:ship"},
			fail:   map[string][]error{"pay": {errBusy, errDeclined}},
			status: saga.StatusCompensated,
			trace:  "a b pay pay ~b ~a",
		},
		{
			name:   "a pivot out of attempts that failed without effect turns back",
			steps:  []string{"c:a", "p:pay", "r:ship"},
			fail:   map[string][]error{"pay": {errBusy, errBusy, errBusy}},
			status: saga.StatusCompensated,
			trace:  "a pay pay pay ~a",
		},
		{
			name:   "an unknown outcome is retried with the same key until the answer comes",
			steps:  []string{"c:a", "p:pay", "r:ship"},
			fail:   map[string][]error{"pay": {errInFlight, errInFlight}},
			status: saga.StatusCompleted,
			trace:  "a pay pay pay ship",
		},
		{
			name:   "a pivot of unknown outcome out of attempts is parked, never turned back",
			steps:  []string{"c:a", "p:pay", "r:ship"},
			fail:   map[string][]error{"pay": {errInFlight, errInFlight, errInFlight}},
			status: saga.StatusParked,
			trace:  "a pay pay pay",
			parked: true,
		},
		{
			name:   "a failure without effect after an unknown outcome resolves nothing",
			steps:  []string{"c:a", "p:pay", "r:ship"},
			fail:   map[string][]error{"pay": {errInFlight, errBusy, errBusy}},
			status: saga.StatusParked,
			trace:  "a pay pay pay",
			parked: true,
		},
		{
			name:   "a refusal for the key resolves an unknown outcome",
			steps:  []string{"c:a", "p:pay", "r:ship"},
			fail:   map[string][]error{"pay": {errInFlight, errDeclined}},
			status: saga.StatusCompensated,
			trace:  "a pay pay ~a",
		},
		{
			name:   "a compensatable step of unknown outcome out of attempts is parked, not compensated",
			steps:  []string{"c:a", "c:b", "p:pay"},
			fail:   map[string][]error{"b": {errInFlight, errInFlight, errInFlight}},
			status: saga.StatusParked,
			trace:  "a b b b",
			parked: true,
		},
		{
			name:   "no compensation after the pivot",
			steps:  []string{"c:a", "p:pay", "r:ship", "r:mail"},
			fail:   map[string][]error{"mail": {errDeclined}},
			status: saga.StatusParked,
			trace:  "a pay ship mail",
			parked: true,
		},
		{
			name:   "a failing compensation is retried until it succeeds",
			steps:  []string{"c:a", "c:b"},
			fail:   map[string][]error{"b": {errDeclined}, "~a": {errBusy, errBusy}},
			status: saga.StatusCompensated,
			trace:  "a b ~b ~a ~a ~a",
		},
		{
			name:   "a compensation out of attempts is parked",
			steps:  []string{"c:a", "c:b"},
			fail:   map[string][]error{"b": {errDeclined}, "~a": {errBusy, errBusy, errBusy}},
			status: saga.StatusParked,
			trace:  "a b ~b ~a ~a ~a",
			parked: true,
		},
		{
			name:   "steps without compensation are skipped going back",
			steps:  []string{"c:a", "c:read", "p:pay"},
			fail:   map[string][]error{"pay": {errDeclined}},
			status: saga.StatusCompensated,
			trace:  "a read pay ~a",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &script{fail: tt.fail}
			steps := s.steps(tt.steps...)
			if tt.name == "steps without compensation are skipped going back" {
				steps[1].Compensate = nil
			}
			o, _ := newOrchestrator(t, saga.NewMemoryLog(), steps)
			res, err := o.Run(context.Background(), "s1", nil)
			if got := errors.Is(err, saga.ErrParked); got != tt.parked || (err != nil && !tt.parked) {
				t.Fatalf("Run error = %v, want parked=%v", err, tt.parked)
			}
			if res.Status != tt.status {
				t.Errorf("status = %s, want %s", res.Status, tt.status)
			}
			if got := s.trace(); got != tt.trace {
				t.Errorf("calls = %q, want %q", got, tt.trace)
			}
		})
	}
}

func TestDataFlowsAndIsRecorded(t *testing.T) {
	s := &script{fail: map[string][]error{"c": {errDeclined}}}
	o, _ := newOrchestrator(t, saga.NewMemoryLog(), s.steps("c:a", "c:b", "c:c"))
	var seen []string
	o2, _ := newOrchestrator(t, saga.NewMemoryLog(), append(s.steps("c:a", "c:b"), saga.Step[[]string]{
		Name: "last",
		Action: func(ctx context.Context, key string, done []string) ([]string, error) {
			seen = done
			return append(done, "last"), nil
		},
	}))
	res, err := o2.Run(context.Background(), "s1", []string{"start"})
	if err != nil || !slices.Equal(res.Data, []string{"start", "a", "b", "last"}) || !slices.Equal(seen, []string{"start", "a", "b"}) {
		t.Fatalf("Run = %+v, %v; last step saw %v", res, err, seen)
	}
	res, err = o.Run(context.Background(), "s2", nil)
	if err != nil || res.Status != saga.StatusCompensated || res.Reason != "declined" || !slices.Equal(res.Data, []string{"a", "b"}) {
		t.Fatalf("Run = %+v, %v", res, err)
	}
}

func TestKeysAndBackoffWaits(t *testing.T) {
	var keys []string
	steps := []saga.Step[int]{{
		Name:  "a",
		Retry: saga.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 3 * time.Second, Jitter: func(c time.Duration) time.Duration { return c }},
		Action: func(ctx context.Context, key string, n int) (int, error) {
			keys = append(keys, key)
			if len(keys) < 4 {
				return n, errBusy
			}
			return n, nil
		},
	}}
	fake := clock.NewFake(t0)
	o, err := saga.New(saga.Definition[int]{Name: "k", Steps: steps}, saga.NewMemoryLog(), saga.Settings{Clock: fake})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Run(context.Background(), "id-7", 0); err != nil {
		t.Fatal(err)
	}
	if want := []string{"id-7:a", "id-7:a", "id-7:a", "id-7:a"}; !slices.Equal(keys, want) {
		t.Errorf("keys = %v", keys)
	}
	if got, want := fake.Sleeps(), []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
}

func TestLogRecordsBeforeAndAfterEveryStep(t *testing.T) {
	log := saga.NewMemoryLog()
	s := &script{fail: map[string][]error{"b": {errBusy, errDeclined}}}
	o, _ := newOrchestrator(t, log, s.steps("c:a", "c:b"))
	if _, err := o.Run(context.Background(), "s1", nil); err != nil {
		t.Fatal(err)
	}
	evs, err := log.Events(context.Background(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Errorf("event %d has Seq %d", i, ev.Seq)
		}
		got = append(got, fmt.Sprintf("%s/%s/%d", ev.Type, ev.StepName, ev.Attempt))
	}
	want := []string{
		"created//0",
		"action-started/a/1", "action-done/a/1",
		"action-started/b/1", "action-failed/b/1", "action-started/b/2", "aborted/b/2",
		"compensation-started/b/1", "compensation-done/b/1",
		"compensation-started/a/1", "compensation-done/a/1",
		"compensated//0",
	}
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rec, _ := log.Get(context.Background(), "s1")
	if rec.LeaseOwner != "" || rec.Version != int64(len(evs)) {
		t.Errorf("record after the run: %+v", rec)
	}
}

func TestTimeoutIsTransient(t *testing.T) {
	attempts := 0
	steps := []saga.Step[int]{{
		Name:    "slow",
		Kind:    saga.Retriable,
		Timeout: time.Millisecond,
		Action: func(ctx context.Context, key string, n int) (int, error) {
			attempts++
			if attempts == 1 {
				<-ctx.Done()
				return n, ctx.Err()
			}
			return n + 1, nil
		},
	}}
	o, err := saga.New(saga.Definition[int]{Name: "t", Steps: steps}, saga.NewMemoryLog(), saga.Settings{Clock: clock.NewFake(t0)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := o.Run(context.Background(), "s", 1)
	if err != nil || res.Data != 2 || attempts != 2 {
		t.Fatalf("Run = %+v, %v after %d attempts", res, err, attempts)
	}
}

func TestCancellationNeverSkipsCompensation(t *testing.T) {
	log := saga.NewMemoryLog()
	s := &script{fail: map[string][]error{"c": {errDeclined}}}
	steps := s.steps("c:a", "c:b", "c:c")
	ctx, cancel := context.WithCancel(context.Background())
	compensateB := steps[1].Compensate
	steps[1].Compensate = func(ctx context.Context, key string, done []string) error {
		cancel()
		return ctx.Err()
	}
	o, _ := newOrchestrator(t, log, steps)
	if _, err := o.Run(ctx, "s1", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	rec, _ := log.Get(context.Background(), "s1")
	if rec.Status != saga.StatusRunning || !rec.Compensating || rec.Step != 1 || rec.LeaseOwner != "" {
		t.Fatalf("record after cancellation: %+v", rec)
	}
	steps[1].Compensate = compensateB
	o2, _ := newOrchestrator(t, log, steps)
	n, err := o2.Recover(context.Background())
	if n != 1 || err != nil {
		t.Fatalf("Recover = %d, %v", n, err)
	}
	if got, want := s.trace(), "a b c ~c ~b ~a"; got != want {
		t.Errorf("calls = %q, want %q", got, want)
	}
	if res, _ := o2.Get(context.Background(), "s1"); res.Status != saga.StatusCompensated {
		t.Errorf("status = %s", res.Status)
	}
}

func TestParkedSagas(t *testing.T) {
	ctx := context.Background()
	log := saga.NewMemoryLog()
	s := &script{fail: map[string][]error{"ship": {errDeclined, errDeclined}}}
	o, _ := newOrchestrator(t, log, s.steps("c:a", "p:pay", "r:ship"))
	for _, id := range []string{"s1", "s2"} {
		_, err := o.Run(ctx, id, nil)
		var pe *saga.ParkedError
		if !errors.As(err, &pe) || pe.ID != id || pe.Step != "ship" || pe.Compensating || pe.Err != "declined" {
			t.Fatalf("Run(%s) = %v", id, err)
		}
	}
	parked, err := o.Parked(ctx)
	if err != nil || len(parked) != 2 || parked[0].ID != "s1" || parked[0].Error != "declined" {
		t.Fatalf("Parked = %+v, %v", parked, err)
	}
	if err := o.Resolve(ctx, "s1", "shipped by hand"); err != nil {
		t.Fatal(err)
	}
	res, err := o.Retry(ctx, "s2")
	if err != nil || res.Status != saga.StatusCompleted {
		t.Fatalf("Retry = %+v, %v", res, err)
	}
	if res, _ := o.Get(ctx, "s1"); res.Status != saga.StatusResolved || res.Error != "shipped by hand" {
		t.Errorf("resolved saga: %+v", res)
	}
	if parked, _ := o.Parked(ctx); len(parked) != 0 {
		t.Errorf("still parked: %+v", parked)
	}
	if _, err := o.Retry(ctx, "s1"); !errors.Is(err, saga.ErrNotParked) {
		t.Errorf("Retry of a resolved saga = %v", err)
	}
	if err := o.Resolve(ctx, "s2", ""); !errors.Is(err, saga.ErrNotParked) {
		t.Errorf("Resolve of a completed saga = %v", err)
	}
	if err := o.Resolve(ctx, "nope", ""); !errors.Is(err, saga.ErrNotFound) {
		t.Errorf("Resolve of an unknown saga = %v", err)
	}
	if got, want := s.trace(), "a pay ship a pay ship ship"; got != want {
		t.Errorf("calls = %q, want %q", got, want)
	}
}

func TestLeases(t *testing.T) {
	ctx := context.Background()
	log := saga.NewMemoryLog()
	s := &script{}
	fake := clock.NewFake(t0)
	def := saga.Definition[[]string]{Name: "test", Steps: s.steps("c:a")}
	a, _ := saga.New(def, log, saga.Settings{Clock: fake, Owner: "a", LeaseTTL: time.Minute})
	b, _ := saga.New(def, log, saga.Settings{Clock: fake, Owner: "b", LeaseTTL: time.Minute})
	if err := a.Start(ctx, "s1", nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx, "s1", nil); !errors.Is(err, saga.ErrExists) {
		t.Fatalf("second Start = %v", err)
	}
	// a crashed orchestrator still holds the lease
	held, err := log.Acquire(ctx, "s1", "a#crashed", fake.Now(), fake.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Drive(ctx, "s1"); !errors.Is(err, saga.ErrLeased) {
		t.Fatalf("Drive during the lease = %v", err)
	}
	if n, err := b.Recover(ctx); n != 0 || err != nil {
		t.Fatalf("Recover during the lease = %d, %v", n, err)
	}
	fake.Advance(time.Minute)
	if res, err := b.Drive(ctx, "s1"); err != nil || res.Status != saga.StatusCompleted {
		t.Fatalf("Drive after expiry = %+v, %v", res, err)
	}
	if err := log.Save(ctx, &held, saga.Event{}); !errors.Is(err, saga.ErrLeaseLost) {
		t.Fatalf("write by the old owner = %v", err)
	}
	evs, _ := log.Events(ctx, "s1")
	var owners []string
	for _, ev := range evs {
		owners = append(owners, ev.Owner)
	}
	if owners[1] != "a#crashed" || !strings.HasPrefix(owners[2], "b#") || owners[len(owners)-1] != owners[2] {
		t.Errorf("owners = %v", owners)
	}
	if _, err := b.Drive(ctx, "nope"); !errors.Is(err, saga.ErrNotFound) {
		t.Errorf("Drive of an unknown saga = %v", err)
	}
	other, _ := saga.New(saga.Definition[[]string]{Name: "other", Steps: s.steps("c:x")}, log, saga.Settings{Clock: fake})
	if _, err := other.Drive(ctx, "s1"); !errors.Is(err, saga.ErrOtherDefinition) {
		t.Errorf("Drive under another definition = %v", err)
	}
}

func TestServe(t *testing.T) {
	log := saga.NewMemoryLog()
	s := &script{}
	def := saga.Definition[[]string]{Name: "test", Steps: s.steps("c:a", "r:b")}
	o, _ := saga.New(def, log, saga.Settings{PollInterval: time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- o.Serve(ctx) }()
	for i := range 3 {
		if err := o.Start(context.Background(), fmt.Sprint("s", i), nil); err != nil {
			t.Fatal(err)
		}
	}
	for {
		recs, _ := log.List(context.Background(), saga.Filter{Status: []saga.Status{saga.StatusCompleted}})
		if len(recs) == 3 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Serve = %v", err)
	}
}

// flakyClaims is a log whose first failures calls of Claim fail, as a log
// behind a cut connection does. It closes completed once it saved a
// completed saga.
type flakyClaims struct {
	saga.Log
	failures  atomic.Int64
	completed chan struct{}
}

var errCut = errors.New("connection cut")

func (l *flakyClaims) Claim(ctx context.Context, name, owner string, now, until time.Time) (saga.Record, bool, error) {
	if l.failures.Add(-1) >= 0 {
		return saga.Record{}, false, errCut
	}
	return l.Log.Claim(ctx, name, owner, now, until)
}

func (l *flakyClaims) Save(ctx context.Context, r *saga.Record, ev saga.Event) error {
	err := l.Log.Save(ctx, r, ev)
	if err == nil && r.Status == saga.StatusCompleted {
		close(l.completed)
	}
	return err
}

// Serve goes on through failed Recover passes, reports each to OnError and
// backs off between them, and drives the saga once the log answers again.
func TestServeRetriesFailedPasses(t *testing.T) {
	const failures = 10
	log := &flakyClaims{Log: saga.NewMemoryLog(), completed: make(chan struct{})}
	log.failures.Store(failures)
	s := &script{}
	def := saga.Definition[[]string]{Name: "test", Steps: s.steps("c:a", "r:b")}
	fake := clock.NewFake(t0)
	reported := make(chan error, failures)
	o, _ := saga.New(def, log, saga.Settings{Clock: fake, Concurrency: 1, OnError: func(err error) { reported <- err }})
	if err := o.Start(context.Background(), "s1", nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- o.Serve(ctx) }()
	for range failures {
		select {
		case err := <-reported:
			if !errors.Is(err, errCut) {
				t.Fatalf("OnError got %v, want the log's error", err)
			}
		case err := <-done:
			t.Fatalf("Serve returned %v after a failed pass", err)
		}
	}
	select {
	case <-log.completed:
	case err := <-done:
		t.Fatalf("Serve returned %v before the saga completed", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Serve = %v, want context.Canceled", err)
	}
	// The waits after the failed passes grow from DefaultBaseDelay and
	// stay below the poll interval.
	for i, d := range fake.Sleeps()[:failures] {
		ceiling := min(saga.DefaultBaseDelay<<i, saga.DefaultPollInterval)
		if d < 0 || d >= ceiling {
			t.Errorf("wait %d after a failed pass: %v, want below %v", i+1, d, ceiling)
		}
	}
}

func TestInvalidDefinitions(t *testing.T) {
	s := &script{}
	act := s.steps("c:x")[0].Action
	comp := s.steps("c:x")[0].Compensate
	tests := map[string]saga.Definition[[]string]{
		"no name":        {Steps: s.steps("c:a")},
		"no steps":       {Name: "d"},
		"empty name":     {Name: "d", Steps: []saga.Step[[]string]{{Action: act}}},
		"duplicate name": {Name: "d", Steps: s.steps("c:a", "c:a")},
		"no action":      {Name: "d", Steps: []saga.Step[[]string]{{Name: "a"}}},
		"unknown kind":   {Name: "d", Steps: []saga.Step[[]string]{{Name: "a", Action: act, Kind: 7}}},
		"pivot compensation": {Name: "d", Steps: []saga.Step[[]string]{
			{Name: "a", Action: act, Kind: saga.Pivot, Compensate: comp}}},
		"compensatable after pivot": {Name: "d", Steps: s.steps("p:a", "c:b")},
		"pivot after retriable":     {Name: "d", Steps: s.steps("r:a", "p:b")},
		"two pivots":                {Name: "d", Steps: s.steps("p:a", "p:b")},
	}
	for name, def := range tests {
		if _, err := saga.New(def, saga.NewMemoryLog(), saga.Settings{}); !errors.Is(err, saga.ErrInvalidDefinition) {
			t.Errorf("%s: New = %v", name, err)
		}
	}
	if _, err := saga.New(saga.Definition[[]string]{Name: "d", Steps: s.steps("c:a", "p:b", "r:c", "r:d")}, saga.NewMemoryLog(), saga.Settings{}); err != nil {
		t.Errorf("a valid definition: %v", err)
	}
}

func TestBackoff(t *testing.T) {
	var p saga.RetryPolicy
	for n := 1; n < 100; n++ {
		if d := p.Backoff(n); d < 0 || d >= saga.DefaultMaxDelay {
			t.Fatalf("Backoff(%d) = %v", n, d)
		}
	}
	p = saga.RetryPolicy{BaseDelay: time.Hour, MaxDelay: math.MaxInt64, Jitter: func(c time.Duration) time.Duration { return c }}
	if got := p.Backoff(1000); got != math.MaxInt64 {
		t.Errorf("Backoff(1000) = %v, want the cap", got)
	}
	p = saga.RetryPolicy{BaseDelay: time.Second, MaxDelay: time.Minute, Jitter: func(c time.Duration) time.Duration { return 2 * c }}
	if got := p.Backoff(3); got != 4*time.Second {
		t.Errorf("jitter above the ceiling gave %v", got)
	}
	p.Jitter = func(time.Duration) time.Duration { return -1 }
	if got := p.Backoff(1); got != 0 {
		t.Errorf("negative jitter gave %v", got)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[saga.Kind]string{saga.Compensatable: "compensatable", saga.Pivot: "pivot", saga.Retriable: "retriable", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("%d: %q", int(k), got)
		}
	}
}
