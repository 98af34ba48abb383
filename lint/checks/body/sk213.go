package body

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// singleFileSkill is SK213: a skill is a folder with SKILL.md, not a Markdown file in skills/. Documented in docs/SK213.md.
var singleFileSkill = &analysis.Rule{
	ID: "SK213", Alias: "single-file-skill", Severity: analysis.Error,
	Summary: "a skill is a folder with SKILL.md, not a Markdown file in skills/",
	Layout: layoutProblem(layout.FlatSkill, func(f layout.Problem) string {
		name := filepath.Base(f.Path)
		return "Markdown file with frontmatter directly in skills/: Claude Code loads only skills/<name>/SKILL.md, so move it to skills/" +
			name[:len(name)-len(filepath.Ext(name))] + "/SKILL.md"
	}),
}
