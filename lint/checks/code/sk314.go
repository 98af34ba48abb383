package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/shell"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// shellSyntax is SK314: shell code blocks must pass bash -n. Documented in docs/SK314.md.
var shellSyntax = &analysis.Rule{
	ID: "SK314", Alias: "shell-syntax", Severity: analysis.Error, Slow: true,
	Summary: "shell code blocks must pass bash -n",
	Skill:   checkShellSyntax,
}

func checkShellSyntax(p *analysis.Pass, s *skill.Skill) {
	blocks := codeBlocks(p, s, "shell")
	texts := make([]string, len(blocks))
	for i, c := range blocks {
		texts[i] = c.b.Content()
	}
	for i, e := range shell.Syntax(texts) {
		if e.Msg != "" {
			c := blocks[i]
			p.Reportf(c.Doc.File, c.b.LineOffset(e.Line, 1), "shell syntax error (bash -n): %s", e.Msg)
		}
	}
}
