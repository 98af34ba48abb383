package rules

import "github.com/skillcheck-dev/skillcheck/lint/analysis"

func init() {
	register(
		&analysis.Rule{
			ID: "SK901", Alias: "directive-malformed", Severity: analysis.Error, Engine: true,
			Summary: "suppression directives must name known rules and give a reason",
		},
		&analysis.Rule{
			ID: "SK902", Alias: "directive-unused", Severity: analysis.Warning, Engine: true,
			Summary: "a suppression directive that suppresses nothing should be removed",
		},
	)
}
