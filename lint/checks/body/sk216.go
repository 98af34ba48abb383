package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// fileUnreadable is SK216: every file of a skill must be readable UTF-8 text within the size limit. Documented in docs/SK216.md.
var fileUnreadable = &analysis.Rule{
	ID: "SK216", Alias: "file-unreadable", Severity: analysis.Error, Input: true,
	Summary: "every file of a skill must be readable UTF-8 text within the size limit",
	Skill:   checkFileUnreadable,
}

func checkFileUnreadable(p *analysis.Pass, s *skill.Skill) {
	for _, prob := range s.Problems {
		if prob.File != nil && prob.Offset >= 0 {
			p.Reportf(prob.File, prob.Offset, "%s", prob.Message)
		} else {
			p.ReportPath(prob.Path, "%s", prob.Message)
		}
	}
}
