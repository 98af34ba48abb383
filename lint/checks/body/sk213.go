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
	Layout: func(p *analysis.Pass, res *layout.Layout) {
		for _, f := range res.Problems {
			if f.Kind != layout.FlatSkill {
				continue
			}
			rp := p
			dir := filepath.Dir(f.Path)
			if parent, ok := layout.ProjectSkillsDir(dir); ok && parent != ".claude" {
				rp = p.AtMost(analysis.Warning) // Claude Code does not read this folder; other agents lose the skill
			}
			who, many := reader(dir)
			verb := "loads"
			if many {
				verb = "load"
			}
			name := filepath.Base(f.Path)
			rp.ReportPath(f.Path, "Markdown file with frontmatter directly in skills/: %s %s only skills/<name>/SKILL.md, so move it to skills/%s/SKILL.md",
				who, verb, name[:len(name)-len(filepath.Ext(name))])
		}
	},
}
