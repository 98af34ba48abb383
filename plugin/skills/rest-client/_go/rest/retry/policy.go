package retry

import (
	"math/rand/v2"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// Defaults used for zero fields of Policy.
const (
	DefaultMaxAttempts   = 3
	DefaultBaseDelay     = 100 * time.Millisecond
	DefaultMaxDelay      = 5 * time.Second
	DefaultMaxRetryAfter = 30 * time.Second
	DefaultMaxElapsed    = 10 * time.Second
)

// Policy says how often and how long to retry. The zero value of every field
// means the documented default. A Policy is a value: share it freely.
type Policy struct {
	// MaxAttempts is the number of attempts, the first one included. Values
	// below 1 mean DefaultMaxAttempts; 1 turns retries off.
	MaxAttempts int

	// BaseDelay is the ceiling of the first backoff wait; the ceiling
	// doubles with every retry. Values of zero or less mean DefaultBaseDelay.
	BaseDelay time.Duration

	// MaxDelay caps the backoff ceiling. Values of zero or less mean
	// DefaultMaxDelay.
	MaxDelay time.Duration

	// MaxRetryAfter caps the wait a server asks for with Retry-After.
	// Values of zero or less mean DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration

	// MaxElapsed is the total time budget of a call: attempts, waits and
	// reading the response body end MaxElapsed after the first attempt
	// began, or at the context's deadline if that comes first, and no wait
	// starts that would not end inside it. Values of zero or less mean
	// DefaultMaxElapsed.
	MaxElapsed time.Duration

	// Budget limits the retries of the Transports that share it to a share
	// of their successful calls, per host. Nil means a Budget of each
	// Transport's own, made by NewBudget with the zero BudgetSettings; to
	// turn retry budgets off, pass NewBudget(BudgetSettings{Ratio: -1}).
	Budget *Budget

	// Jitter draws a wait from [0, ceiling); results outside [0, ceiling]
	// are clamped. Nil means a uniform random draw. Tests set it to get
	// predictable waits.
	Jitter func(ceiling time.Duration) time.Duration

	// Clock is the time source and the sleeper. Nil means clock.System.
	Clock clock.Clock
}

// withDefaults returns p with every zero field set to its default.
func (p Policy) withDefaults() Policy {
	if p.MaxAttempts < 1 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = DefaultMaxElapsed
	}
	if p.Jitter == nil {
		p.Jitter = fullJitter
	}
	if p.Clock == nil {
		p.Clock = clock.System
	}
	return p
}

// Backoff returns the wait before retry n (n = 1 is the wait after the first
// attempt): a draw from [0, min(MaxDelay, BaseDelay·2^(n-1))). It never
// overflows, whatever n.
func (p Policy) Backoff(n int) time.Duration {
	p = p.withDefaults()
	ceiling := min(p.BaseDelay, p.MaxDelay)
	for i := 1; i < n && ceiling < p.MaxDelay; i++ {
		if ceiling > p.MaxDelay/2 {
			ceiling = p.MaxDelay
			break
		}
		ceiling *= 2
	}
	return min(max(p.Jitter(ceiling), 0), ceiling)
}

func fullJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling)
}
