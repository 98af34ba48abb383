package body

import (
	"bytes"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// bodyEmpty is SK210: SKILL.md should have instructions after the frontmatter. Documented in docs/SK210.md.
var bodyEmpty = &analysis.Rule{
	ID: "SK210", Alias: "body-empty", Severity: analysis.Warning,
	Summary:   "SKILL.md should have instructions after the frontmatter",
	FileScope: true,
	Skill:     checkBodyEmpty,
}

func checkBodyEmpty(p *analysis.Pass, s *skill.Skill) {
	if s.Header.Closed && len(bytes.TrimSpace(s.File.Src[s.Body.Start:])) == 0 {
		p.Reportf(s.File, s.Body.Start, "SKILL.md has no body: once Claude picks the skill it finds no instructions")
	}
}
