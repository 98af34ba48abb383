package toolchain

import (
	"context"
	"sync"

	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Checks is the toolchain work of one lint run: it collects the skills with
// Go code (and, when asked, the reference packages they name), checks them
// all at once after the walk, and hands each skill its findings. It is the
// batch behind the code rules SK301–SK308 and SK502.
type Checks struct {
	opts      Options
	collector Collector

	mu     sync.Mutex
	owners map[*source.File]*skill.Skill
	found  map[*skill.Skill][]Finding
}

// NewChecks returns the checks of a run.
func NewChecks(opts Options) *Checks {
	return &Checks{opts: opts, owners: map[*source.File]*skill.Skill{}, found: map[*skill.Skill][]Finding{}}
}

// Add collects a skill's code and reports whether there is anything to
// check in it. It is safe for concurrent use.
func (c *Checks) Add(s *skill.Skill) bool {
	if !s.Readable() || !c.collector.AddSkill(s, c.opts) {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.owners[s.File] = s
	for _, d := range s.Docs {
		c.owners[d.File] = s
	}
	return true
}

// Run type-checks and vets what was collected and, when asked, runs the
// reference packages' tests.
func (c *Checks) Run(ctx context.Context) {
	findings := c.collector.Check(ctx, c.opts)
	if c.opts.Tests {
		findings = append(findings, c.collector.RunTests(ctx, c.opts)...)
	}
	for _, f := range findings {
		if s := c.owners[f.File]; s != nil {
			c.found[s] = append(c.found[s], f)
		}
	}
}

// Findings returns the findings of one kind in a skill, once Run is done.
func (c *Checks) Findings(s *skill.Skill, kind Kind) []Finding {
	var out []Finding
	for _, f := range c.found[s] {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}
