package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/toolchain"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goTypeError is SK301: Go file blocks must type-check in the skill's module. Documented in docs/SK301.md.
var goTypeError = &analysis.Rule{
	ID: "SK301", Alias: "go-type-error", Severity: analysis.Error, Slow: true,
	Summary: "Go file blocks must type-check in the skill's module",
	Batch:   goChecks,
	Skill:   checkGoTypeError,
}

func checkGoTypeError(p *analysis.Pass, s *skill.Skill) {
	reportToolchain(p, s, toolchain.TypeError)
}
