package retry

import (
	"errors"
	"sync"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/hostmap"
)

// Defaults used for zero fields of BudgetSettings.
const (
	DefaultBudgetTokens = 10
	DefaultBudgetRatio  = 0.1
)

// ErrThrottled is wrapped by the error of a call whose retries the budget
// stopped.
var ErrThrottled = errors.New("retry: budget exhausted")

// BudgetSettings configure a Budget. The zero value of every field means the
// documented default.
type BudgetSettings struct {
	// Tokens is the size of each host's bucket, which starts full. Retries
	// to a host are allowed while its bucket holds more than half of Tokens.
	// Values below 1 mean DefaultBudgetTokens.
	Tokens int

	// Ratio is what a successful attempt puts back into its host's bucket;
	// an attempt that fails in a way worth retrying takes one token out. So
	// once failures have outrun successes by Tokens/2, retries stop until
	// 1/Ratio successes per missing token have come back. Zero means
	// DefaultBudgetRatio; a negative value turns the budget off.
	Ratio float64

	// Idle is how long the bucket of a host that is not called is kept;
	// values of zero or less mean hostmap.DefaultIdle.
	Idle time.Duration

	// Clock is the time source of Idle. Nil means clock.System.
	Clock clock.Clock
}

// Budget limits retries per host to a share of successful calls, as gRPC's
// retry throttling does: a token bucket per host that failures empty and
// successes refill. It keeps a dependency that is down from receiving
// MaxAttempts times its normal traffic, while a healthy dependency's rare
// failures are retried. Create it with NewBudget; it is safe for concurrent
// use, and a Budget may be shared by several Transports.
type Budget struct {
	hosts  hostmap.Map[*bucket]
	tokens float64
	ratio  float64
}

type bucket struct {
	mu     sync.Mutex
	tokens float64
}

// NewBudget returns a Budget configured by s.
func NewBudget(s BudgetSettings) *Budget {
	if s.Tokens < 1 {
		s.Tokens = DefaultBudgetTokens
	}
	if s.Ratio == 0 {
		s.Ratio = DefaultBudgetRatio
	}
	b := &Budget{tokens: float64(s.Tokens), ratio: s.Ratio}
	b.hosts = hostmap.Map[*bucket]{
		New:   func(string) *bucket { return &bucket{tokens: b.tokens} },
		Idle:  s.Idle,
		Clock: s.Clock,
	}
	return b
}

// Allow reports whether a retry to host may be sent now.
func (b *Budget) Allow(host string) bool {
	if b.ratio < 0 {
		return true
	}
	k := b.hosts.Get(host)
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.tokens > b.tokens/2
}

// Record counts an attempt to host: failed is true for an outcome worth a
// retry (an error of the attempt, 408, 429, 5xx), false for every other
// answer.
func (b *Budget) Record(host string, failed bool) {
	if b.ratio < 0 {
		return
	}
	k := b.hosts.Get(host)
	k.mu.Lock()
	defer k.mu.Unlock()
	if failed {
		k.tokens = max(k.tokens-1, 0)
	} else {
		k.tokens = min(k.tokens+b.ratio, b.tokens)
	}
}
