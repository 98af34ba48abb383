package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// skillFolderWithoutSkillFile is SK212: a folder in skills/ without SKILL.md is not a skill. Documented in docs/SK212.md.
var skillFolderWithoutSkillFile = &analysis.Rule{
	ID: "SK212", Alias: "skill-folder-without-skill-file", Severity: analysis.Warning,
	Summary: "a folder in skills/ without SKILL.md is not a skill",
	Layout: layoutProblem(layout.NoSkillFile, func(layout.Problem) string {
		return "folder in skills/ has no SKILL.md: Claude Code does not load it as a skill"
	}),
}
