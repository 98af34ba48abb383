package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolsSyntax is SK145: each tool entry must be a tool name with an optional (pattern). Documented in docs/SK145.md.
var toolsSyntax = &analysis.Rule{
	ID: "SK145", Alias: "tools-syntax", Severity: analysis.Warning,
	Summary: "each tool entry must be a tool name with an optional (pattern)",
	Skill:   checkToolsSyntax,
}

func checkToolsSyntax(p *analysis.Pass, s *skill.Skill) {
	eachToolField(s, func(key string, entries []tools.Entry, _ tools.Form, _ bool, _ string, _ func() int) {
		for _, e := range entries {
			if e.Err != "" {
				p.Reportf(s.File, tools.Offset(s, e), "%s entry %s %s", key, msg.Quote(e.Text), e.Err)
			}
		}
	})
}
