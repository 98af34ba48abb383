package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// fileUnreferenced is SK208: every file of a skill should be linked or mentioned somewhere. Documented in docs/SK208.md.
var fileUnreferenced = &analysis.Rule{
	ID: "SK208", Alias: "file-unreferenced", Severity: analysis.Warning,
	Summary: "every file of a skill should be linked or mentioned somewhere",
	Skill:   checkUnreferenced,
}
