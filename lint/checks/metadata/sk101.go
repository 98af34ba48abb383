package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// frontmatterMissing is SK101: SKILL.md must start with YAML frontmatter. Documented in docs/SK101.md.
var frontmatterMissing = &analysis.Rule{
	ID: "SK101", Alias: "frontmatter-missing", Severity: analysis.Error,
	Summary:   "SKILL.md must start with YAML frontmatter",
	FileScope: true,
	Skill:     checkFrontmatterMissing,
}

func checkFrontmatterMissing(p *analysis.Pass, s *skill.Skill) {
	if !s.Header.Found {
		p.Reportf(s.File, 0, "SKILL.md has no frontmatter: start the file with a line \"---\", the name and description, and another \"---\"")
	}
}
