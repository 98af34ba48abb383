package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/toolchain"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goToolchainMissing is SK308: the Go toolchain must be installed to check Go code blocks. Documented in docs/SK308.md.
var goToolchainMissing = &analysis.Rule{
	ID: "SK308", Alias: "go-toolchain-missing", Severity: analysis.Error, Slow: true,
	Summary: "the Go toolchain must be installed to check Go code blocks",
	Batch:   goChecks,
	Skill:   checkGoToolchainMissing,
}

func checkGoToolchainMissing(p *analysis.Pass, s *skill.Skill) {
	reportToolchain(p, s, toolchain.ToolchainMissing)
}
