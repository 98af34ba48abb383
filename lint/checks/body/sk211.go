package body

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// skillFileCase is SK211: the skill file must be named exactly SKILL.md. Documented in docs/SK211.md.
var skillFileCase = &analysis.Rule{
	ID: "SK211", Alias: "skill-file-case", Severity: analysis.Error,
	Summary: "the skill file must be named exactly SKILL.md",
	Layout: layoutProblem(layout.Misnamed, func(f layout.Problem) string {
		return "skill file is named " + filepath.Base(f.Path) + ": Claude Code looks for SKILL.md exactly and, on case-sensitive file systems, never loads this skill"
	}),
}
