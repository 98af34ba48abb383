package directives

import "github.com/skillcheck-dev/skillcheck/lint/analysis"

// Unused is SK902: a suppression directive that suppresses nothing should be
// removed. The engine reports it once a skill's findings are in. Documented
// in docs/SK902.md.
var Unused = &analysis.Rule{
	ID: "SK902", Alias: "directive-unused", Severity: analysis.Warning, Engine: true,
	Summary: "a suppression directive that suppresses nothing should be removed",
}
