package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// injectionNotAllowed is SK233: commands that run when the skill loads should be allowed by allowed-tools. Documented in docs/SK233.md.
var injectionNotAllowed = &analysis.Rule{
	ID: "SK233", Alias: "injection-not-allowed", Severity: analysis.Warning,
	Summary: "commands that run when the skill loads should be allowed by allowed-tools",
	Skill:   checkInjections,
}
