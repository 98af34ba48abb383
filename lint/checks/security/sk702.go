package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// smuggledText is SK702: invisible Unicode tag characters and variation selector runs must not hide text. Documented in docs/SK702.md.
var smuggledText = &analysis.Rule{
	ID: "SK702", Alias: "smuggled-text", Severity: analysis.Warning, Fixable: true,
	Summary: "invisible Unicode tag characters and variation selector runs must not hide text",
	Skill:   hiddenRule(hiddenSmuggled),
}
