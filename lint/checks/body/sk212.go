package body

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// skillFolderWithoutSkillFile is SK212: a folder in skills/ without SKILL.md is not a skill. Documented in docs/SK212.md.
var skillFolderWithoutSkillFile = &analysis.Rule{
	ID: "SK212", Alias: "skill-folder-without-skill-file", Severity: analysis.Warning,
	Summary: "a folder in skills/ without SKILL.md is not a skill",
	Layout: layoutProblem(layout.NoSkillFile, func(f layout.Problem) string {
		who, many := reader(filepath.Dir(f.Path))
		verb := "does"
		if many {
			verb = "do"
		}
		return "folder in skills/ has no SKILL.md: " + who + " " + verb + " not load it as a skill"
	}),
}
