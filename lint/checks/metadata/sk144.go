package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolsType is SK144: allowed-tools and disallowed-tools must be a string or a list of strings. Documented in docs/SK144.md.
var toolsType = &analysis.Rule{
	ID: "SK144", Alias: "tools-type", Severity: analysis.Error,
	Summary: "allowed-tools and disallowed-tools must be a string or a list of strings",
	Skill:   checkToolsType,
}

func checkToolsType(p *analysis.Pass, s *skill.Skill) {
	eachToolField(s, func(key string, _ []tools.Entry, _ tools.Form, _ bool, typeErr string, off func() int) {
		if typeErr != "" {
			p.Reportf(s.File, off(), "%s %s", key, typeErr)
		}
	})
}
