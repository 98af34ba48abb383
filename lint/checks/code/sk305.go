package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/toolchain"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goCompileFailCompiles is SK305: a compile_fail block must fail to type-check. Documented in docs/SK305.md.
var goCompileFailCompiles = &analysis.Rule{
	ID: "SK305", Alias: "go-compile-fail-compiles", Severity: analysis.Error, Slow: true,
	Summary: "a compile_fail block must fail to type-check",
	Batch:   goChecks,
	Skill:   checkGoCompileFailCompiles,
}

func checkGoCompileFailCompiles(p *analysis.Pass, s *skill.Skill) {
	reportToolchain(p, s, toolchain.CompileFailCompiles)
}
