package rules

import "github.com/skillcheck-dev/skillcheck/lint/rule"

func init() {
	register(
		&rule.Rule{
			ID: "SK901", Alias: "directive-malformed", Severity: rule.Error, Engine: true,
			Summary: "suppression directives must name known rules and give a reason",
		},
		&rule.Rule{
			ID: "SK902", Alias: "directive-unused", Severity: rule.Warning, Engine: true,
			Summary: "a suppression directive that suppresses nothing should be removed",
		},
	)
}
