package saga

import (
	"math/rand/v2"
	"time"
)

// Defaults used for zero fields of RetryPolicy.
const (
	DefaultMaxAttempts = 5
	DefaultBaseDelay   = 200 * time.Millisecond
	DefaultMaxDelay    = time.Minute
)

// RetryPolicy says how often a step's action or compensation is attempted
// and how long to wait between attempts: exponential backoff with full jitter
// and a cap. The zero value of every field means the documented default.
//
// Attempts are counted in the log, so a crash does not reset the count, and
// an attempt cut short by a crash counts too: a step that crashes the
// orchestrator every time ends parked rather than looping.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts, the first one included, before
	// the orchestrator gives up: it turns the saga back after a compensatable
	// step and parks it otherwise. Values below 1 mean DefaultMaxAttempts.
	MaxAttempts int

	// BaseDelay is the ceiling of the wait after the first failed attempt;
	// the ceiling doubles with every further failure. Values of zero or less
	// mean DefaultBaseDelay.
	BaseDelay time.Duration

	// MaxDelay caps the ceiling. Values of zero or less mean DefaultMaxDelay.
	MaxDelay time.Duration

	// Jitter draws a wait from [0, ceiling); results outside [0, ceiling]
	// are clamped. Nil means a uniform random draw ("full jitter"). Tests
	// set it to get predictable waits.
	Jitter func(ceiling time.Duration) time.Duration
}

// maxAttempts returns MaxAttempts or its default.
func (p RetryPolicy) maxAttempts() int {
	if p.MaxAttempts < 1 {
		return DefaultMaxAttempts
	}
	return p.MaxAttempts
}

// Backoff returns the wait after failed attempt n (n = 1 after the first
// attempt): a draw from [0, min(MaxDelay, BaseDelay·2^(n-1))). It never
// overflows, whatever n.
func (p RetryPolicy) Backoff(n int) time.Duration {
	base, limit := p.BaseDelay, p.MaxDelay
	if base <= 0 {
		base = DefaultBaseDelay
	}
	if limit <= 0 {
		limit = DefaultMaxDelay
	}
	ceiling := min(base, limit)
	for i := 1; i < n && ceiling < limit; i++ {
		if ceiling > limit/2 {
			ceiling = limit
		} else {
			ceiling *= 2
		}
	}
	jitter := p.Jitter
	if jitter == nil {
		jitter = fullJitter
	}
	return min(max(jitter(ceiling), 0), ceiling)
}

func fullJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling)
}
