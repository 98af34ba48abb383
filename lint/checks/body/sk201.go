package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// bodyTooLong is SK201: SKILL.md should stay under 500 lines. Documented in docs/SK201.md.
var bodyTooLong = &analysis.Rule{
	ID: "SK201", Alias: "body-too-long", Severity: analysis.Info,
	Summary:   "SKILL.md should stay under 500 lines",
	FileScope: true,
	Skill:     checkBodyTooLong,
}

func checkBodyTooLong(p *analysis.Pass, s *skill.Skill) {
	if n := s.File.Lines(); n > bodyMaxLines {
		p.Reportf(s.File, s.File.LineStart(bodyMaxLines+1), "SKILL.md has %d lines; keep it under %d and move details into files it links to", n, bodyMaxLines)
	}
}
