package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// referenceMissing is SK501: metadata.reference must name Go packages of the module. Documented in docs/SK501.md.
var referenceMissing = &analysis.Rule{
	ID: "SK501", Alias: "reference-missing", Severity: analysis.Error,
	Summary: "metadata.reference must name Go packages of the module",
	Skill:   checkReferences,
}
