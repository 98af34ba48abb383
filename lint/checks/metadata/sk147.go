package metadata

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolsMisspelled is SK147: tool names are case-sensitive and must be spelled as Claude Code spells them. Documented in docs/SK147.md.
var toolsMisspelled = &analysis.Rule{
	ID: "SK147", Alias: "tools-misspelled", Severity: analysis.Warning,
	Summary: "tool names are case-sensitive and must be spelled as Claude Code spells them",
	Skill:   checkToolsMisspelled,
}

func checkToolsMisspelled(p *analysis.Pass, s *skill.Skill) {
	eachToolField(s, func(key string, entries []tools.Entry, _ tools.Form, _ bool, _ string, _ func() int) {
		for _, e := range entries {
			if e.Err != "" || slices.Contains(tools.Known, e.Tool) {
				continue
			}
			if near := msg.Closest(e.Tool, tools.Known); near != "" {
				p.Reportf(s.File, tools.Offset(s, e), "%s names %q, which is not a Claude Code tool: did you mean %q? (tool names are case-sensitive)", key, e.Tool, near)
			}
		}
	})
}
