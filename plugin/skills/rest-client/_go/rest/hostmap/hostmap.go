// Package hostmap keeps a value per host — a circuit breaker, a retry
// budget — and drops the values of hosts that have not been used for a
// while, so that a client that calls many hosts over its life does not grow
// without bound.
package hostmap

import (
	"sync"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// DefaultIdle is how long an unused host's value is kept when Map.Idle is
// zero.
const DefaultIdle = 10 * time.Minute

// Map is a map from host to a value made by New, whose entries expire Idle
// after their last use. Create it with a composite literal; the zero values
// of Idle and Clock mean DefaultIdle and clock.System. It is safe for
// concurrent use.
type Map[V any] struct {
	// New makes the value of a host on its first use, or on its first use
	// after its value expired. Required.
	New func(host string) V
	// Idle is how long a value is kept after its last use. Values of zero
	// or less mean DefaultIdle.
	Idle time.Duration
	// Clock is the time source. Nil means clock.System.
	Clock clock.Clock

	mu    sync.Mutex
	m     map[string]*entry[V]
	swept time.Time
}

type entry[V any] struct {
	v    V
	used time.Time
}

// Get returns the value of host, making it if needed, and marks it used. At
// most once per Idle it also drops the values unused for Idle: the cost of
// the sweep is spread over the calls, and the map holds the hosts of the
// last two Idle periods at most.
func (m *Map[V]) Get(host string) V {
	c, idle := m.Clock, m.Idle
	if c == nil {
		c = clock.System
	}
	if idle <= 0 {
		idle = DefaultIdle
	}
	now := c.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m, m.swept = map[string]*entry[V]{}, now
	}
	if now.Sub(m.swept) >= idle {
		for h, e := range m.m {
			if now.Sub(e.used) >= idle {
				delete(m.m, h)
			}
		}
		m.swept = now
	}
	e, ok := m.m[host]
	if !ok {
		e = &entry[V]{v: m.New(host)}
		m.m[host] = e
	}
	e.used = now
	return e.v
}

// Len returns the number of hosts whose values are kept.
func (m *Map[V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
}
