package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/toolchain"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// referenceTestsFail is SK502: the reference packages a skill names must build and pass their tests (--tests). Documented in docs/SK502.md.
var referenceTestsFail = &analysis.Rule{
	ID: "SK502", Alias: "reference-tests-fail", Severity: analysis.Error, Slow: true,
	Summary: "the reference packages a skill names must build and pass their tests (--tests)",
	Batch:   goChecks,
	Skill:   checkReferenceTestsFail,
}

func checkReferenceTestsFail(p *analysis.Pass, s *skill.Skill) {
	reportToolchain(p, s, toolchain.ReferenceTestsFail)
}
