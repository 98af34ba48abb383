package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// frontmatterUnclosed is SK102: frontmatter must end with a closing --- line. Documented in docs/SK102.md.
var frontmatterUnclosed = &analysis.Rule{
	ID: "SK102", Alias: "frontmatter-unclosed", Severity: analysis.Error,
	Summary: "frontmatter must end with a closing --- line",
	Skill:   checkFrontmatterUnclosed,
}

func checkFrontmatterUnclosed(p *analysis.Pass, s *skill.Skill) {
	if h := s.Header; h.Found && !h.Closed {
		p.Reportf(s.File, h.Open, "frontmatter is not closed: no \"---\" line ends it, so Claude Code reads no metadata")
	}
}
