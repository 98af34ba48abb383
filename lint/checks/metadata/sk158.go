package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/hooks"
	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// hooksValue is SK158: hooks must follow the settings hooks format. Documented in docs/SK158.md.
var hooksValue = &analysis.Rule{
	ID: "SK158", Alias: "hooks-value", Severity: analysis.Error,
	Summary: "hooks must follow the settings hooks format",
	Skill:   checkHooksValue,
}

func checkHooksValue(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "hooks")
	if f == nil {
		return
	}
	hooks.Walk(f.Value, func(n *yaml.Node, format string, args ...any) {
		header.Report(p, s, n, format, args...)
	}, nil)
}
