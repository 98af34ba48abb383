package analysis

import (
	"context"
	"time"

	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Batch is work done once a run, after the walk, for every skill that needs
// it: the Go toolchain checks load the packages of all code blocks in one go
// rather than one skill at a time. Rules that read a batch's results name its
// kind in Rule.Batch; the engine runs them on a skill once the batch is done,
// and only on the skills the batch took.
type Batch interface {
	// Add offers the batch a skill and reports whether the batch has work
	// for it. It is called from several goroutines at once.
	Add(s *skill.Skill) bool
	// Run does the work.
	Run(ctx context.Context)
}

// BatchKind declares a kind of batch; the engine makes one batch of each kind
// a run needs, with New.
type BatchKind struct {
	Name string
	New  func(RunOptions) Batch
}

// RunOptions are the settings of a run that batches read.
type RunOptions struct {
	// Tests asks for the tests of the packages skills reference.
	Tests bool
	// StrictCode holds every code block to compile (code: strict).
	StrictCode bool
	// CacheDir, Timeout and GoCommand tune the Go toolchain checks: the
	// result cache ("" for the user cache folder, "-" for none), the time
	// limit (0 for the default) and the go command ("" for the one on PATH).
	CacheDir  string
	Timeout   time.Duration
	GoCommand string
	// TestTimeout bounds the reference tests (0 for the default).
	TestTimeout time.Duration
	// Offline keeps the Go toolchain from downloading modules (as
	// GOPROXY=off does).
	Offline bool
}

// Of returns the run's batch of this kind, for the skill the pass checks.
func (k *BatchKind) Of(p *Pass) Batch {
	if p.shared == nil {
		return nil
	}
	p.shared.mu.Lock()
	defer p.shared.mu.Unlock()
	b, _ := p.shared.values[k].(Batch)
	return b
}

// SetBatch hands the rules of a skill the run's batch of a kind.
func (sh *Shared) SetBatch(k *BatchKind, b Batch) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.values[k] = b
}
