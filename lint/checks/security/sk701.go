package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// bidiControl is SK701: bidirectional control characters must not reorder a skill's text. Documented in docs/SK701.md.
var bidiControl = &analysis.Rule{
	ID: "SK701", Alias: "bidi-control", Severity: analysis.Warning, Fixable: true,
	Summary: "bidirectional control characters must not reorder a skill's text",
	Skill:   hiddenRule(hiddenBidi),
}
