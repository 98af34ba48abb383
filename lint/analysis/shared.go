package analysis

import (
	"sync"

	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Result is work that several rules share, as go/analysis shares an
// analyzer's result through ResultOf: it is computed from a skill the first
// time a rule asks for it, and every rule that asks after gets the same
// value. Declare one as a package-level variable:
//
//	var links = analysis.NewResult(func(s *skill.Skill) []Link { … })
//	…
//	for _, l := range links.Of(p, s) { … }
type Result[T any] struct {
	compute func(*skill.Skill) T
}

// NewResult declares shared work computed by compute.
func NewResult[T any](compute func(*skill.Skill) T) *Result[T] {
	return &Result[T]{compute: compute}
}

// Of returns the result for s, the skill the pass checks, computing it on
// the first call of the skill's passes.
func (r *Result[T]) Of(p *Pass, s *skill.Skill) T {
	if p.shared == nil {
		return r.compute(s)
	}
	return p.shared.get(r, func() any { return r.compute(s) }).(T)
}

// Shared holds the results computed for one skill. It is safe for
// concurrent use.
type Shared struct {
	mu     sync.Mutex
	values map[any]any
}

// NewShared returns an empty store, one for each skill checked.
func NewShared() *Shared { return &Shared{values: map[any]any{}} }

func (sh *Shared) get(key any, compute func() any) any {
	sh.mu.Lock()
	v, ok := sh.values[key]
	sh.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if old, ok := sh.values[key]; ok {
		return old
	}
	sh.values[key] = v
	return v
}
