package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/toolchain"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goChecks is the run's Go toolchain work: the Go blocks of every skill
// type-checked and vetted at once, and the reference packages' tests.
var goChecks = &analysis.BatchKind{
	Name: "Go toolchain checks",
	New: func(o analysis.RunOptions) analysis.Batch {
		return toolchain.NewChecks(toolchain.Options{Tests: o.Tests, StrictCode: o.StrictCode, CacheDir: o.CacheDir, Timeout: o.Timeout, TestTimeout: o.TestTimeout, GoCommand: o.GoCommand, Offline: o.Offline})
	},
}

// reportToolchain reports the toolchain's findings of one kind in the skill.
func reportToolchain(p *analysis.Pass, s *skill.Skill, kind toolchain.Kind) {
	checks, _ := goChecks.Of(p).(*toolchain.Checks)
	if checks == nil {
		return
	}
	for _, f := range checks.Findings(s, kind) {
		p.Reportf(f.File, f.Offset, "%s", f.Message)
	}
}
