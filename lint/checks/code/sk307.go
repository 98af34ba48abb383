package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// codeBlockAttribute is SK307: code block attributes must be ones skillcheck knows, used where they apply. Documented in docs/SK307.md.
var codeBlockAttribute = &analysis.Rule{
	ID: "SK307", Alias: "code-block-attribute", Severity: analysis.Warning,
	Summary: "code block attributes must be ones skillcheck knows, used where they apply",
	Skill:   checkAttributes,
}
