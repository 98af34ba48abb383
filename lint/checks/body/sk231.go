package body

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// claudeVariableUnknown is SK231: ${CLAUDE_…} variables must be ones Claude Code substitutes. Documented in docs/SK231.md.
var claudeVariableUnknown = &analysis.Rule{
	ID: "SK231", Alias: "claude-variable-unknown", Severity: analysis.Warning,
	Summary: "${CLAUDE_…} variables must be ones Claude Code substitutes",
	Skill:   checkClaudeVariableUnknown,
}

func checkClaudeVariableUnknown(p *analysis.Pass, s *skill.Skill) {
	eachVar(s, func(name string, f *source.File, off int) {
		if slices.Contains(claudeVars, name) {
			return
		}
		hint := ""
		if near := msg.Closest(name, claudeVars); near != "" {
			hint = "; did you mean ${" + near + "}?"
		}
		p.Reportf(f, off, "${%s} is not a variable Claude Code substitutes%s", name, hint)
	})
}
