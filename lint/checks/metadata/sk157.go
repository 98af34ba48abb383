package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// argumentsValue is SK157: arguments must be a space-separated string or a list of names. Documented in docs/SK157.md.
var argumentsValue = &analysis.Rule{
	ID: "SK157", Alias: "arguments-value", Severity: analysis.Error,
	Summary: "arguments must be a space-separated string or a list of names",
	Skill:   checkArgumentsValue,
}

func checkArgumentsValue(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "arguments")
	if f == nil {
		return
	}
	names, problems := header.StringOrList(f, " ")
	for _, pr := range problems {
		header.Report(p, s, pr.Node, "arguments %s", pr.Text)
	}
	seen := map[string]bool{}
	for _, n := range names {
		switch {
		case !argumentName.MatchString(n.Text):
			header.Report(p, s, n.Node, "argument name %s must be letters, digits and underscores, so that $%s can refer to it", msg.Quote(n.Text), n.Text)
		case seen[n.Text]:
			header.Report(p, s, n.Node, "argument %q is declared twice", n.Text)
		}
		seen[n.Text] = true
	}
}
