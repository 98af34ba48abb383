package breaker

import (
	"context"
	"errors"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// Defaults used for zero fields of Settings.
const (
	DefaultConsecutiveFailures = 5
	DefaultFailureRate         = 0.5
	DefaultMinimumCalls        = 20
	DefaultWindowSize          = 100
	DefaultOpenTimeout         = 30 * time.Second
	DefaultHalfOpenProbes      = 1
	DefaultProbeTimeout        = 10 * time.Second
)

// timeBuckets is the number of buckets a time-based window is kept in.
const timeBuckets = 10

// Settings configure a Breaker. The zero value of every field means the
// documented default.
type Settings struct {
	// Name identifies the breaker in OnStateChange, for example the host it
	// guards.
	Name string

	// ConsecutiveFailures trips the breaker after this many failures in a row.
	// Zero means DefaultConsecutiveFailures; a negative value turns the rule
	// off.
	ConsecutiveFailures int

	// FailureRate trips the breaker when failures/calls in the window reach
	// it, once MinimumCalls calls are in the window. Zero means
	// DefaultFailureRate; a negative value turns the rule off.
	FailureRate float64

	// MinimumCalls is the number of calls the window must hold before the
	// failure rate is evaluated. Values below 1 mean DefaultMinimumCalls.
	MinimumCalls int

	// WindowSize is the length of a count-based window: the failure rate is
	// computed over the last WindowSize calls. Values below 1 mean
	// DefaultWindowSize. It is ignored when WindowPeriod is set.
	WindowSize int

	// WindowPeriod, when positive, makes the window time-based: the failure
	// rate is computed over the calls of the last WindowPeriod, kept in 10
	// buckets, so the window slides in steps of WindowPeriod/10.
	WindowPeriod time.Duration

	// OpenTimeout is how long the breaker stays open before it half-opens.
	// Values of zero or less mean DefaultOpenTimeout.
	OpenTimeout time.Duration

	// HalfOpenProbes is both the number of probe calls admitted at the same
	// time while half-open and the number of successful probes that close the
	// breaker. Values below 1 mean DefaultHalfOpenProbes.
	HalfOpenProbes int

	// ProbeTimeout is the deadline of a probe: a probe that has not reported
	// its outcome ProbeTimeout after it was admitted counts as failed and
	// opens the breaker again. Values of zero or less mean
	// DefaultProbeTimeout.
	ProbeTimeout time.Duration

	// Classify maps the error of a call to its outcome. Nil means
	// DefaultClassify.
	Classify func(err error) Outcome

	// OnStateChange, if set, is called on every state change, while the
	// breaker's lock is held: it must return quickly and must not call the
	// breaker.
	OnStateChange func(name string, from, to State)

	// Clock is the time source. Nil means clock.System.
	Clock clock.Clock
}

// Outcome is the verdict on one call.
type Outcome uint8

const (
	// Success is a call that shows the dependency works.
	Success Outcome = iota
	// Failure is a call that shows the dependency fails.
	Failure
	// Neutral is a call that says nothing about the dependency; it is not
	// counted.
	Neutral
)

// DefaultClassify counts a nil error as Success, an error that wraps
// context.Canceled (the caller gave up) as Neutral and any other error as
// Failure. A context.DeadlineExceeded counts as Failure: it is the call's own
// timeout, a dependency too slow for it. When the deadline is the caller's
// (its context has ended), Execute and the transport package record the call
// as Neutral before Classify is asked: one impatient caller must not open
// the breaker for every other caller.
func DefaultClassify(err error) Outcome {
	switch {
	case err == nil:
		return Success
	case errors.Is(err, context.Canceled):
		return Neutral
	default:
		return Failure
	}
}
