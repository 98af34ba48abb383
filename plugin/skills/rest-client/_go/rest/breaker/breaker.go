package breaker

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// The state word holds the generation in its upper bits and the State in the
// lowest two.
const (
	stateBits = 2
	stateMask = 1<<stateBits - 1
)

// Breaker is a circuit breaker. Create it with New; it is safe for concurrent
// use.
type Breaker struct {
	// Read without the lock on every call: the state word and, while open,
	// the end of the open period in nanoseconds since start. Written only
	// under mu (openUntil before state).
	state     atomic.Uint64
	openUntil atomic.Int64
	_         [64]byte // keeps mu off the cache line read by every call

	mu          sync.Mutex
	win         window  // outcomes while closed
	consecutive int     // failures in a row while closed
	probes      []probe // probe slots while half-open
	successes   int     // successful probes in this half-open period

	name                string
	consecutiveFailures int
	failureRate         float64
	minimumCalls        int
	openTimeout         time.Duration
	probeTimeout        time.Duration
	classify            func(error) Outcome
	onStateChange       func(name string, from, to State)
	clock               clock.Clock
	start               time.Time
}

type probe struct {
	busy     bool
	deadline int64 // nanoseconds since start
}

// Permit is the admission of one call, returned by Breaker.Allow. Report the
// outcome of the call exactly once with Done or Record. A Permit is a small
// value; copying it does not allocate. The zero Permit (returned with an
// error) ignores reports.
type Permit struct {
	b    *Breaker
	gen  uint64
	slot int // probe slot while half-open; -1 while closed
}

// New returns a closed Breaker configured by s.
func New(s Settings) *Breaker {
	b := &Breaker{
		name:                s.Name,
		consecutiveFailures: s.ConsecutiveFailures,
		failureRate:         s.FailureRate,
		minimumCalls:        s.MinimumCalls,
		openTimeout:         s.OpenTimeout,
		probeTimeout:        s.ProbeTimeout,
		classify:            s.Classify,
		onStateChange:       s.OnStateChange,
		clock:               s.Clock,
	}
	if b.consecutiveFailures == 0 {
		b.consecutiveFailures = DefaultConsecutiveFailures
	}
	if b.failureRate == 0 {
		b.failureRate = DefaultFailureRate
	}
	if b.minimumCalls < 1 {
		b.minimumCalls = DefaultMinimumCalls
	}
	if b.openTimeout <= 0 {
		b.openTimeout = DefaultOpenTimeout
	}
	if b.probeTimeout <= 0 {
		b.probeTimeout = DefaultProbeTimeout
	}
	if b.classify == nil {
		b.classify = DefaultClassify
	}
	if b.clock == nil {
		b.clock = clock.System
	}
	size := s.WindowSize
	if size < 1 {
		size = DefaultWindowSize
	}
	probes := s.HalfOpenProbes
	if probes < 1 {
		probes = DefaultHalfOpenProbes
	}
	b.win = newWindow(size, int64(s.WindowPeriod))
	b.probes = make([]probe, probes)
	b.start = b.clock.Now()
	return b
}

// Allow asks to make one call. It returns a Permit, or ErrOpen while the
// breaker is open, or ErrTooManyProbes while it is half-open and all probe
// slots are taken. It never blocks on the dependency.
func (b *Breaker) Allow() (Permit, error) {
	s := b.state.Load()
	switch State(s & stateMask) {
	case StateClosed:
		return Permit{b: b, gen: s >> stateBits, slot: -1}, nil
	case StateOpen:
		if b.elapsed() < b.openUntil.Load() {
			return Permit{}, ErrOpen
		}
	}
	return b.allowSlow()
}

// allowSlow handles the half-open state and the end of the open period under
// the lock.
func (b *Breaker) allowSlow() (Permit, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.elapsed()
	b.catchUp(now)
	s := b.state.Load()
	gen := s >> stateBits
	switch State(s & stateMask) {
	case StateClosed:
		return Permit{b: b, gen: gen, slot: -1}, nil
	case StateOpen:
		return Permit{}, ErrOpen
	}
	for i := range b.probes {
		if !b.probes[i].busy {
			b.probes[i] = probe{busy: true, deadline: now + int64(b.probeTimeout)}
			return Permit{b: b, gen: gen, slot: i}, nil
		}
	}
	return Permit{}, ErrTooManyProbes
}

// Done reports the outcome of the permitted call by its error, classified by
// Settings.Classify.
func (p Permit) Done(err error) {
	if p.b != nil {
		p.b.record(p, p.b.classify(err))
	}
}

// Record reports the outcome of the permitted call directly.
func (p Permit) Record(o Outcome) {
	if p.b != nil {
		p.b.record(p, o)
	}
}

func (b *Breaker) record(p Permit, o Outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.state.Load()
	if s>>stateBits != p.gen {
		return // the call started before the last state change
	}
	switch State(s & stateMask) {
	case StateClosed:
		b.recordClosed(o)
	case StateHalfOpen:
		now := b.elapsed()
		if b.catchUp(now); b.state.Load() != s {
			return // a probe missed its deadline: the breaker opened again
		}
		b.probes[p.slot].busy = false
		switch o {
		case Failure:
			b.setState(StateOpen, now)
		case Success:
			b.successes++
			if b.successes >= len(b.probes) {
				b.setState(StateClosed, now)
			}
		}
	}
}

func (b *Breaker) recordClosed(o Outcome) {
	if o == Neutral {
		return
	}
	var now int64
	if b.win.width > 0 {
		now = b.elapsed()
	}
	failed := o == Failure
	b.win.record(now, failed)
	if !failed {
		b.consecutive = 0
		return
	}
	b.consecutive++
	if b.consecutiveFailures > 0 && b.consecutive >= b.consecutiveFailures ||
		b.failureRate > 0 && b.win.calls >= b.minimumCalls &&
			float64(b.win.failures) >= b.failureRate*float64(b.win.calls) {
		b.setState(StateOpen, b.elapsed())
	}
}

// catchUp applies the transitions that are due at time now: the end of the
// open period, and a probe that missed its deadline.
func (b *Breaker) catchUp(now int64) {
	switch State(b.state.Load() & stateMask) {
	case StateOpen:
		if now >= b.openUntil.Load() {
			b.setState(StateHalfOpen, now)
		}
	case StateHalfOpen:
		for _, p := range b.probes {
			if p.busy && now >= p.deadline {
				b.setState(StateOpen, now)
				return
			}
		}
	}
}

// setState moves to a new generation in state to. Callers hold mu.
func (b *Breaker) setState(to State, now int64) {
	s := b.state.Load()
	from := State(s & stateMask)
	switch to {
	case StateOpen:
		b.openUntil.Store(now + int64(b.openTimeout))
	case StateHalfOpen:
		clear(b.probes)
		b.successes = 0
	case StateClosed:
		b.win.reset()
		b.consecutive = 0
	}
	b.state.Store((s>>stateBits+1)<<stateBits | uint64(to))
	if b.onStateChange != nil {
		b.onStateChange(b.name, from, to)
	}
}

func (b *Breaker) elapsed() int64 {
	return int64(b.clock.Since(b.start))
}

// Execute runs fn through the breaker: it returns ErrOpen or
// ErrTooManyProbes without calling fn when the breaker rejects the call, and
// otherwise returns fn's error after recording its outcome. An error that fn
// returns once ctx has ended (the caller's deadline or cancellation) is
// neutral: the caller gave up, which says nothing about the dependency. Give
// fn a timeout of its own, inside ctx, for the dependency's slowness to
// count. If ctx has already ended it returns ctx.Err() without calling fn. A
// panic in fn counts as a failure and is not recovered.
func (b *Breaker) Execute(ctx context.Context, fn func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := b.Allow()
	if err != nil {
		return err
	}
	returned := false
	defer func() {
		if !returned {
			p.Record(Failure)
		}
	}()
	err = fn(ctx)
	returned = true
	if err != nil && ctx.Err() != nil {
		p.Record(Neutral)
	} else {
		p.Done(err)
	}
	return err
}

// State returns the current state, applying the transitions that are due.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.catchUp(b.elapsed())
	return State(b.state.Load() & stateMask)
}

// RemainingOpen returns how long the breaker stays open; zero unless it is
// open. Servers can pass it on to their own callers as Retry-After.
func (b *Breaker) RemainingOpen() time.Duration {
	if State(b.state.Load()&stateMask) != StateOpen {
		return 0
	}
	return max(0, time.Duration(b.openUntil.Load()-b.elapsed()))
}

// Counts are the outcomes recorded in the current window while closed.
type Counts struct {
	Calls               int // calls with a Success or Failure outcome
	Failures            int // calls with a Failure outcome
	ConsecutiveFailures int // failures since the last success
}

// Counts returns the outcomes in the window. They are reset when the breaker
// closes and keep the values that tripped it while it is open or half-open.
func (b *Breaker) Counts() Counts {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.win.expire(b.elapsed())
	return Counts{Calls: b.win.calls, Failures: b.win.failures, ConsecutiveFailures: b.consecutive}
}
