package breaker_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

var (
	errBoom = errors.New("boom")
	start   = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
)

// newBreaker returns a breaker on a fake clock and the list of its state
// changes.
func newBreaker(s breaker.Settings) (*breaker.Breaker, *clock.Fake, *[]string) {
	fake := clock.NewFake(start)
	var changes []string
	s.Clock = fake
	s.OnStateChange = func(name string, from, to breaker.State) {
		changes = append(changes, fmt.Sprintf("%s:%s->%s", name, from, to))
	}
	return breaker.New(s), fake, &changes
}

// call makes one call through b with the given error.
func call(t *testing.T, b *breaker.Breaker, err error) {
	t.Helper()
	p, aerr := b.Allow()
	if aerr != nil {
		t.Fatalf("Allow: %v", aerr)
	}
	p.Done(err)
}

func wantState(t *testing.T, b *breaker.Breaker, want breaker.State) {
	t.Helper()
	if got := b.State(); got != want {
		t.Fatalf("state = %s, want %s", got, want)
	}
}

func wantCounts(t *testing.T, b *breaker.Breaker, want breaker.Counts) {
	t.Helper()
	if got := b.Counts(); got != want {
		t.Fatalf("counts = %+v, want %+v", got, want)
	}
}

func wantReject(t *testing.T, b *breaker.Breaker, want error) {
	t.Helper()
	p, err := b.Allow()
	if !errors.Is(err, want) {
		t.Fatalf("Allow error = %v, want %v", err, want)
	}
	if p != (breaker.Permit{}) {
		t.Fatalf("rejected Allow returned a non-zero permit %+v", p)
	}
}

// trip opens b with consecutive failures.
func trip(t *testing.T, b *breaker.Breaker) {
	t.Helper()
	for b.State() == breaker.StateClosed {
		call(t, b, errBoom)
	}
	wantState(t, b, breaker.StateOpen)
}

func TestZeroSettingsMeanDefaults(t *testing.T) {
	b, fake, changes := newBreaker(breaker.Settings{Name: "users"})
	for range breaker.DefaultConsecutiveFailures - 1 {
		call(t, b, errBoom)
	}
	wantState(t, b, breaker.StateClosed)
	wantCounts(t, b, breaker.Counts{Calls: 4, Failures: 4, ConsecutiveFailures: 4})
	call(t, b, errBoom)
	wantState(t, b, breaker.StateOpen)
	if got := b.RemainingOpen(); got != breaker.DefaultOpenTimeout {
		t.Fatalf("RemainingOpen = %v, want %v", got, breaker.DefaultOpenTimeout)
	}
	wantReject(t, b, breaker.ErrOpen)

	fake.Advance(breaker.DefaultOpenTimeout)
	wantState(t, b, breaker.StateHalfOpen)
	probe, err := b.Allow()
	if err != nil {
		t.Fatalf("probe: %v", err)
	}
	wantReject(t, b, breaker.ErrTooManyProbes) // one probe at a time by default
	probe.Done(nil)
	wantState(t, b, breaker.StateClosed)
	wantCounts(t, b, breaker.Counts{})

	want := []string{"users:closed->open", "users:open->half-open", "users:half-open->closed"}
	if fmt.Sprint(*changes) != fmt.Sprint(want) {
		t.Fatalf("state changes = %v, want %v", *changes, want)
	}
}

func TestDefaultProbeTimeout(t *testing.T) {
	b, fake, _ := newBreaker(breaker.Settings{})
	trip(t, b)
	fake.Advance(breaker.DefaultOpenTimeout)
	if _, err := b.Allow(); err != nil {
		t.Fatal(err)
	}
	fake.Advance(breaker.DefaultProbeTimeout - 1)
	wantState(t, b, breaker.StateHalfOpen)
	fake.Advance(1)
	wantState(t, b, breaker.StateOpen)
}

func TestSuccessResetsConsecutiveFailures(t *testing.T) {
	b, _, _ := newBreaker(breaker.Settings{ConsecutiveFailures: 3, FailureRate: -1})
	for range 10 {
		call(t, b, errBoom)
		call(t, b, errBoom)
		call(t, b, nil)
	}
	wantState(t, b, breaker.StateClosed)
	wantCounts(t, b, breaker.Counts{Calls: 30, Failures: 20, ConsecutiveFailures: 0})
}

func TestTripsOnFailureRateOnceMinimumCallsReached(t *testing.T) {
	b, _, _ := newBreaker(breaker.Settings{
		ConsecutiveFailures: -1, FailureRate: 0.5, MinimumCalls: 10, WindowSize: 10,
	})
	for range 4 {
		call(t, b, errBoom)
		call(t, b, nil)
	}
	call(t, b, nil)
	// 9 calls, 4 failures: below the minimum, and below the rate anyway.
	wantState(t, b, breaker.StateClosed)
	call(t, b, errBoom)
	// 10 calls, 5 failures: 50%.
	wantState(t, b, breaker.StateOpen)
	wantCounts(t, b, breaker.Counts{Calls: 10, Failures: 5, ConsecutiveFailures: 1})
}

func TestMinimumCallsGuardsLowTraffic(t *testing.T) {
	b, _, _ := newBreaker(breaker.Settings{ConsecutiveFailures: -1, MinimumCalls: 5})
	for range 4 {
		call(t, b, errBoom) // 100% failures, but only 4 calls
	}
	wantState(t, b, breaker.StateClosed)
	call(t, b, errBoom)
	wantState(t, b, breaker.StateOpen)
}

func TestCountWindowSlides(t *testing.T) {
	b, _, _ := newBreaker(breaker.Settings{
		ConsecutiveFailures: -1, FailureRate: 0.75, MinimumCalls: 4, WindowSize: 4,
	})
	for _, err := range []error{errBoom, errBoom, nil, nil, nil, nil} {
		call(t, b, err)
	}
	// The two failures have slid out of the last four calls.
	wantCounts(t, b, breaker.Counts{Calls: 4, Failures: 0})
	call(t, b, errBoom)
	call(t, b, errBoom)
	wantState(t, b, breaker.StateClosed) // 2 of 4
	call(t, b, errBoom)
	wantState(t, b, breaker.StateOpen) // 3 of 4
}

func TestTimeWindowSlides(t *testing.T) {
	b, fake, _ := newBreaker(breaker.Settings{
		ConsecutiveFailures: -1, FailureRate: 0.5, MinimumCalls: 4, WindowPeriod: 10 * time.Second,
	})
	call(t, b, errBoom)
	fake.Advance(5 * time.Second)
	call(t, b, errBoom)
	call(t, b, nil)
	wantCounts(t, b, breaker.Counts{Calls: 3, Failures: 2, ConsecutiveFailures: 0})
	fake.Advance(6 * time.Second) // the first failure is 11s old
	wantCounts(t, b, breaker.Counts{Calls: 2, Failures: 1})
	call(t, b, nil)
	wantState(t, b, breaker.StateClosed) // 1 of 3, below the minimum
	call(t, b, errBoom)
	wantState(t, b, breaker.StateOpen) // 2 of 4
}

func TestTimeWindowForgetsAfterIdlePeriod(t *testing.T) {
	b, fake, _ := newBreaker(breaker.Settings{
		ConsecutiveFailures: -1, MinimumCalls: 2, WindowPeriod: time.Minute,
	})
	call(t, b, errBoom)
	fake.Advance(time.Hour)
	wantCounts(t, b, breaker.Counts{ConsecutiveFailures: 1})
	call(t, b, errBoom)
	wantState(t, b, breaker.StateClosed) // the old failure is gone: 1 call
	call(t, b, errBoom)
	wantState(t, b, breaker.StateOpen)
}

func TestNeutralOutcomesAreNotCounted(t *testing.T) {
	b, _, _ := newBreaker(breaker.Settings{ConsecutiveFailures: 2})
	call(t, b, errBoom)
	call(t, b, context.Canceled)
	call(t, b, fmt.Errorf("get user: %w", context.Canceled))
	p, err := b.Allow()
	if err != nil {
		t.Fatal(err)
	}
	p.Record(breaker.Neutral)
	// Neither counted nor a success that resets the run of failures.
	wantCounts(t, b, breaker.Counts{Calls: 1, Failures: 1, ConsecutiveFailures: 1})
	wantState(t, b, breaker.StateClosed)
	call(t, b, context.DeadlineExceeded) // too slow is a failure
	wantState(t, b, breaker.StateOpen)
}

func TestCustomClassify(t *testing.T) {
	errNotFound := errors.New("not found")
	b, _, _ := newBreaker(breaker.Settings{
		ConsecutiveFailures: 1,
		Classify: func(err error) breaker.Outcome {
			if errors.Is(err, errNotFound) {
				return breaker.Success // the dependency answered
			}
			return breaker.DefaultClassify(err)
		},
	})
	call(t, b, errNotFound)
	wantCounts(t, b, breaker.Counts{Calls: 1})
	call(t, b, errBoom)
	wantState(t, b, breaker.StateOpen)
}

func TestOpenRejectsUntilTimeout(t *testing.T) {
	b, fake, _ := newBreaker(breaker.Settings{ConsecutiveFailures: 1, OpenTimeout: time.Minute})
	trip(t, b)
	fake.Advance(20 * time.Second)
	if got := b.RemainingOpen(); got != 40*time.Second {
		t.Fatalf("RemainingOpen = %v, want 40s", got)
	}
	called := false
	err := b.Execute(context.Background(), func(context.Context) error { called = true; return nil })
	if !errors.Is(err, breaker.ErrOpen) || called {
		t.Fatalf("Execute while open: err %v, called %v", err, called)
	}
	fake.Advance(40*time.Second - 1)
	wantReject(t, b, breaker.ErrOpen)
	fake.Advance(1)
	if got := b.RemainingOpen(); got != 0 {
		t.Fatalf("RemainingOpen after the timeout = %v", got)
	}
	if _, err := b.Allow(); err != nil {
		t.Fatalf("Allow after the open timeout: %v", err)
	}
	wantState(t, b, breaker.StateHalfOpen)
	if got := b.RemainingOpen(); got != 0 {
		t.Fatalf("RemainingOpen while half-open = %v", got)
	}
}

// halfOpen returns a breaker that has just half-opened.
func halfOpen(t *testing.T, s breaker.Settings) (*breaker.Breaker, *clock.Fake, *[]string) {
	t.Helper()
	s.ConsecutiveFailures = 1
	s.OpenTimeout = time.Minute
	b, fake, changes := newBreaker(s)
	trip(t, b)
	fake.Advance(time.Minute)
	wantState(t, b, breaker.StateHalfOpen)
	return b, fake, changes
}

func TestHalfOpenAdmitsAtMostNProbes(t *testing.T) {
	b, _, _ := halfOpen(t, breaker.Settings{HalfOpenProbes: 3})
	var probes []breaker.Permit
	for range 3 {
		p, err := b.Allow()
		if err != nil {
			t.Fatalf("probe %d: %v", len(probes)+1, err)
		}
		probes = append(probes, p)
	}
	wantReject(t, b, breaker.ErrTooManyProbes)
	wantReject(t, b, breaker.ErrTooManyProbes)

	probes[0].Done(nil) // frees a slot, 1 of 3 successes
	wantState(t, b, breaker.StateHalfOpen)
	fourth, err := b.Allow()
	if err != nil {
		t.Fatalf("probe after a slot was freed: %v", err)
	}
	wantReject(t, b, breaker.ErrTooManyProbes)
	probes[1].Done(nil)
	probes[2].Done(nil)
	wantState(t, b, breaker.StateClosed)

	// The fourth probe started in the half-open generation: its late failure
	// must not count against the closed breaker.
	fourth.Done(errBoom)
	wantCounts(t, b, breaker.Counts{})
	wantState(t, b, breaker.StateClosed)
}

func TestHalfOpenConcurrentCallersExactlyNGetThrough(t *testing.T) {
	const n, callers = 4, 64
	b, _, _ := halfOpen(t, breaker.Settings{HalfOpenProbes: n})
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		admitted []breaker.Permit
		rejected int
	)
	for range callers {
		wg.Go(func() {
			p, err := b.Allow()
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				admitted = append(admitted, p)
			case errors.Is(err, breaker.ErrTooManyProbes):
				rejected++
			default:
				t.Errorf("Allow: %v", err)
			}
		})
	}
	wg.Wait()
	if len(admitted) != n || rejected != callers-n {
		t.Fatalf("admitted %d, rejected %d; want %d and %d", len(admitted), rejected, n, callers-n)
	}
	for _, p := range admitted {
		p.Done(nil)
	}
	wantState(t, b, breaker.StateClosed)
}

func TestHalfOpenFailureReopens(t *testing.T) {
	b, _, changes := halfOpen(t, breaker.Settings{HalfOpenProbes: 2})
	ok, _ := b.Allow()
	bad, _ := b.Allow()
	ok.Done(nil)
	bad.Done(errBoom)
	wantState(t, b, breaker.StateOpen)
	if got := b.RemainingOpen(); got != time.Minute {
		t.Fatalf("RemainingOpen = %v, want a fresh open period", got)
	}
	want := "[:closed->open :open->half-open :half-open->open]"
	if fmt.Sprint(*changes) != want {
		t.Fatalf("state changes = %v, want %v", *changes, want)
	}
}

func TestHalfOpenCancelledProbeFreesSlotWithoutVerdict(t *testing.T) {
	b, _, _ := halfOpen(t, breaker.Settings{HalfOpenProbes: 2})
	p, _ := b.Allow()
	p.Done(context.Canceled)
	wantState(t, b, breaker.StateHalfOpen)
	// Both slots are free again, and the cancelled probe was no success:
	// closing still takes two successes.
	p1, err1 := b.Allow()
	p2, err2 := b.Allow()
	if err1 != nil || err2 != nil {
		t.Fatalf("probes after a cancelled one: %v, %v", err1, err2)
	}
	p1.Done(nil)
	wantState(t, b, breaker.StateHalfOpen)
	p2.Done(nil)
	wantState(t, b, breaker.StateClosed)
}

func TestHungProbeCannotPinHalfOpen(t *testing.T) {
	b, fake, changes := halfOpen(t, breaker.Settings{ProbeTimeout: 5 * time.Second})
	hung, err := b.Allow()
	if err != nil {
		t.Fatal(err)
	}
	fake.Advance(4 * time.Second)
	wantReject(t, b, breaker.ErrTooManyProbes)
	fake.Advance(time.Second)
	// The probe missed its deadline: it counts as failed.
	wantReject(t, b, breaker.ErrOpen)
	if got := b.RemainingOpen(); got != time.Minute {
		t.Fatalf("RemainingOpen = %v, want a fresh open period", got)
	}
	// Its success arrives late and must not close the breaker.
	hung.Done(nil)
	wantState(t, b, breaker.StateOpen)
	fake.Advance(time.Minute)
	p, err := b.Allow()
	if err != nil {
		t.Fatalf("probe after the next open period: %v", err)
	}
	p.Done(nil)
	wantState(t, b, breaker.StateClosed)
	want := "[:closed->open :open->half-open :half-open->open :open->half-open :half-open->closed]"
	if fmt.Sprint(*changes) != want {
		t.Fatalf("state changes = %v, want %v", *changes, want)
	}
}

func TestProbeReportingAfterItsDeadlineIsIgnored(t *testing.T) {
	b, fake, _ := halfOpen(t, breaker.Settings{ProbeTimeout: 5 * time.Second})
	p, _ := b.Allow()
	fake.Advance(5 * time.Second)
	p.Done(nil) // nobody looked at the breaker in between
	wantState(t, b, breaker.StateOpen)
}

func TestResultsFromBeforeAStateChangeAreIgnored(t *testing.T) {
	b, fake, _ := newBreaker(breaker.Settings{ConsecutiveFailures: 2, OpenTimeout: time.Minute})
	slow, err := b.Allow() // starts while closed
	if err != nil {
		t.Fatal(err)
	}
	call(t, b, errBoom)
	call(t, b, errBoom)
	wantState(t, b, breaker.StateOpen)
	fake.Advance(time.Minute)
	wantState(t, b, breaker.StateHalfOpen)

	// A success of the old call would close a half-open breaker if counted.
	slow.Done(nil)
	wantState(t, b, breaker.StateHalfOpen)
	probe, err := b.Allow()
	if err != nil {
		t.Fatalf("the probe slot must still be free: %v", err)
	}
	stale, _ := b.Allow() // rejected: zero permit, reports ignored
	stale.Done(errBoom)
	probe.Done(nil)
	wantState(t, b, breaker.StateClosed)

	// A failure of the old call must not count in the new closed period.
	slow.Done(errBoom)
	wantCounts(t, b, breaker.Counts{})
}

func TestExecute(t *testing.T) {
	ctx := context.Background()
	b, _, _ := newBreaker(breaker.Settings{ConsecutiveFailures: 3})

	if err := b.Execute(ctx, func(context.Context) error { return nil }); err != nil {
		t.Fatalf("success: %v", err)
	}
	if err := b.Execute(ctx, func(context.Context) error { return errBoom }); !errors.Is(err, errBoom) {
		t.Fatalf("failure: %v", err)
	}
	wantCounts(t, b, breaker.Counts{Calls: 2, Failures: 1, ConsecutiveFailures: 1})

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	called := false
	err := b.Execute(cancelled, func(context.Context) error { called = true; return nil })
	if !errors.Is(err, context.Canceled) || called {
		t.Fatalf("cancelled context: err %v, called %v", err, called)
	}
	wantCounts(t, b, breaker.Counts{Calls: 2, Failures: 1, ConsecutiveFailures: 1})

	type key struct{}
	ctx = context.WithValue(ctx, key{}, "v")
	err = b.Execute(ctx, func(got context.Context) error {
		if got.Value(key{}) != "v" {
			t.Error("fn did not get the caller's context")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestExecutePanicCountsAsFailure(t *testing.T) {
	b, _, _ := newBreaker(breaker.Settings{ConsecutiveFailures: 1})
	func() {
		defer func() {
			if r := recover(); r != "bad" {
				t.Fatalf("recovered %v, want the original panic", r)
			}
		}()
		_ = b.Execute(context.Background(), func(context.Context) error { panic("bad") })
	}()
	wantState(t, b, breaker.StateOpen)
}

func TestZeroPermitIgnoresReports(t *testing.T) {
	var p breaker.Permit
	p.Done(errBoom)
	p.Record(breaker.Failure)
}

func TestNoAllocationsPerCall(t *testing.T) {
	ctx := context.Background()
	b := breaker.New(breaker.Settings{ConsecutiveFailures: -1, FailureRate: -1})
	ok := func(context.Context) error { return nil }
	fail := func(context.Context) error { return errBoom }
	open := breaker.New(breaker.Settings{ConsecutiveFailures: 1})
	_ = open.Execute(ctx, fail)

	for name, f := range map[string]func(){
		"allow+done": func() {
			p, _ := b.Allow()
			p.Done(nil)
		},
		"execute success": func() { _ = b.Execute(ctx, ok) },
		"execute failure": func() { _ = b.Execute(ctx, fail) },
		"open":            func() { _ = open.Execute(ctx, ok) },
	} {
		if n := testing.AllocsPerRun(1000, f); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
	timeBased := breaker.New(breaker.Settings{WindowPeriod: time.Second, ConsecutiveFailures: -1, FailureRate: -1})
	if n := testing.AllocsPerRun(1000, func() { _ = timeBased.Execute(ctx, fail) }); n != 0 {
		t.Errorf("time-based window: %v allocations per call, want 0", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	b, fake, _ := newBreaker(breaker.Settings{
		ConsecutiveFailures: 3, MinimumCalls: 10, WindowPeriod: time.Second,
		OpenTimeout: time.Millisecond, HalfOpenProbes: 2, ProbeTimeout: time.Millisecond,
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				var err error
				switch (g + i) % 5 {
				case 0:
					err = errBoom
				case 1:
					err = context.Canceled
				}
				if e := b.Execute(context.Background(), func(context.Context) error { return err }); e != nil &&
					!errors.Is(e, err) && !errors.Is(e, breaker.ErrOpen) && !errors.Is(e, breaker.ErrTooManyProbes) {
					t.Errorf("Execute: %v", e)
					return
				}
				if i%50 == 0 {
					fake.Advance(time.Millisecond)
					_ = b.State()
					_ = b.RemainingOpen()
					_ = b.Counts()
				}
			}
		})
	}
	wg.Wait()
	c := b.Counts()
	if c.Failures > c.Calls || c.Calls < 0 || c.Failures < 0 {
		t.Fatalf("inconsistent counts %+v", c)
	}
}

func TestStateString(t *testing.T) {
	for s, want := range map[breaker.State]string{
		breaker.StateClosed: "closed", breaker.StateHalfOpen: "half-open", breaker.StateOpen: "open", 7: "unknown",
	} {
		if got := s.String(); got != want {
			t.Errorf("State(%d).String() = %q, want %q", s, got, want)
		}
	}
}

// An error after the caller's own context ended is the caller's doing: it is
// neutral in Execute, so that impatient callers cannot open the breaker for
// everyone. The call's own timeout, inside the caller's context, counts.
func TestExecuteIgnoresTheCallersDeadline(t *testing.T) {
	b, _, _ := newBreaker(breaker.Settings{ConsecutiveFailures: 1})
	ctx, cancel := context.WithCancel(context.Background())
	err := b.Execute(ctx, func(ctx context.Context) error {
		cancel() // the caller's deadline passes during the call
		return fmt.Errorf("get user: %w", context.DeadlineExceeded)
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Execute = %v", err)
	}
	wantCounts(t, b, breaker.Counts{})
	wantState(t, b, breaker.StateClosed)
	err = b.Execute(context.Background(), func(ctx context.Context) error {
		return fmt.Errorf("get user: %w", context.DeadlineExceeded) // the call's own timeout
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Execute = %v", err)
	}
	wantState(t, b, breaker.StateOpen)
}
