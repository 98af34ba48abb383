package directives

import "github.com/skillcheck-dev/skillcheck/lint/analysis"

// Malformed is SK901: suppression directives must name known rules and give
// a reason. The engine reports it when it reads the directives. Documented in
// docs/SK901.md.
var Malformed = &analysis.Rule{
	ID: "SK901", Alias: "directive-malformed", Severity: analysis.Error, Engine: true,
	Summary: "suppression directives must name known rules and give a reason",
}
