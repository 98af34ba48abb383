package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// fenceUnclosed is SK209: code fences must be closed. Documented in docs/SK209.md.
var fenceUnclosed = &analysis.Rule{
	ID: "SK209", Alias: "fence-unclosed", Severity: analysis.Error,
	Summary: "code fences must be closed",
	Skill:   checkFenceUnclosed,
}

func checkFenceUnclosed(p *analysis.Pass, s *skill.Skill) {
	for _, d := range links.Docs(s) {
		for _, b := range d.Doc.CodeBlocks {
			if !b.Closed {
				p.Reportf(d.Doc.File, b.Offset, "code block opened here is never closed: everything after it, to the end of the file, is code")
			}
		}
	}
}
