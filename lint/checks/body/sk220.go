package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// lineEndings is SK220: Markdown files should use one kind of line ending (LF for portable skills). Documented in docs/SK220.md.
var lineEndings = &analysis.Rule{
	ID: "SK220", Alias: "line-endings", Severity: analysis.Warning, Portable: analysis.Error, Fixable: true,
	Summary: "Markdown files should use one kind of line ending (LF for portable skills)",
	Skill:   checkLineEndings,
}

func checkLineEndings(p *analysis.Pass, s *skill.Skill) {
	for _, d := range links.Docs(s) {
		reportLineEndings(p, d.Doc.File)
	}
}
