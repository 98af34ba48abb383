package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/toolchain"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goImportUnavailable is SK306: imports must be provided by the skill's module to be checked. Documented in docs/SK306.md.
var goImportUnavailable = &analysis.Rule{
	ID: "SK306", Alias: "go-import-unavailable", Severity: analysis.Warning, Slow: true,
	Summary: "imports must be provided by the skill's module to be checked",
	Batch:   goChecks,
	Skill:   checkGoImportUnavailable,
}

func checkGoImportUnavailable(p *analysis.Pass, s *skill.Skill) {
	reportToolchain(p, s, toolchain.ImportUnavailable)
}
