package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goSyntax is SK303: Go code blocks must parse, as a file or as declarations or statements. Documented in docs/SK303.md.
var goSyntax = &analysis.Rule{
	ID: "SK303", Alias: "go-syntax", Severity: analysis.Error,
	Summary: "Go code blocks must parse, as a file or as declarations or statements",
	Skill:   checkGoSyntax,
}

func checkGoSyntax(p *analysis.Pass, s *skill.Skill) {
	for _, c := range codeBlocks(p, s, "go") {
		_, err := gocode.Parse(c.b.Content())
		if err == nil {
			continue
		}
		rp, whole := examplePass(p, s, c)
		if whole {
			rp.Reportf(c.Doc.File, c.b.LineOffset(err.Line, err.Col), "Go syntax error: %s", err.Msg)
		} else if err := gocode.ParseExample(c.b.Content()); err != nil {
			rp.Reportf(c.Doc.File, c.b.LineOffset(err.Line, err.Col), "Go syntax error: %s%s", err.Msg, exampleNote)
		}
	}
}
