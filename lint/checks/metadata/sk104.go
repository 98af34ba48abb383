package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// frontmatterNotFirst is SK104: the opening --- must be the first line, with nothing before it. Documented in docs/SK104.md.
var frontmatterNotFirst = &analysis.Rule{
	ID: "SK104", Alias: "frontmatter-not-first", Severity: analysis.Error, Fixable: true,
	Summary: "the opening --- must be the first line, with nothing before it",
	Skill:   checkFrontmatterNotFirst,
}

func checkFrontmatterNotFirst(p *analysis.Pass, s *skill.Skill) {
	h := s.Header
	if !h.Found || !h.LeadingBlank && h.Open == leadOffset(s.File) {
		return
	}
	start := leadOffset(s.File)
	p.ReportFix(s.File, h.Open, &analysis.Fix{Message: "remove what precedes the opening ---",
		Edits: []analysis.Edit{{Start: start, End: h.Open}}},
		"blank lines or spaces before the opening \"---\": Claude Code reads frontmatter only when \"---\" starts the file")
}
