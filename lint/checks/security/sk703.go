package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// invisibleCharacter is SK703: invisible characters should not hide in a skill's text. Documented in docs/SK703.md.
var invisibleCharacter = &analysis.Rule{
	ID: "SK703", Alias: "invisible-character", Severity: analysis.Warning, Fixable: true,
	Summary: "invisible characters should not hide in a skill's text",
	Skill:   hiddenRule(hiddenInvisible),
}
