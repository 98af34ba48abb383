package rules

import "github.com/skillcheck-dev/skillcheck/lint/analysis"

// The suppression directives' own rules, which the engine reports.
var (
	// DirectiveMalformed reports a directive that names no known rule or
	// gives no reason.
	DirectiveMalformed = &analysis.Rule{
		ID: "SK901", Alias: "directive-malformed", Severity: analysis.Error, Engine: true,
		Summary: "suppression directives must name known rules and give a reason",
	}
	// DirectiveUnused reports a directive that suppresses nothing.
	DirectiveUnused = &analysis.Rule{
		ID: "SK902", Alias: "directive-unused", Severity: analysis.Warning, Engine: true,
		Summary: "a suppression directive that suppresses nothing should be removed",
	}
)

func init() {
	register(DirectiveMalformed, DirectiveUnused)
}
