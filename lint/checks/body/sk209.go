package body

import (
	"bytes"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
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
		f := d.Doc.File
		for _, b := range d.Doc.CodeBlocks {
			if b.Closed {
				continue
			}
			switch {
			case blank(b):
				p.AtMost(analysis.Warning).Reportf(f, b.Offset, "code fence opened here is never closed, but no text follows it in the file or the list item that holds it, so none turns into code; remove the fence or close it")
			case len(bytes.TrimSpace(f.Src[b.End:])) > 0:
				p.Reportf(f, b.Offset, "code block opened here is never closed: it runs to the end of the list item or quote that holds it (line %d), and the text up to there is code", f.Position(b.End-1).Line)
			default:
				p.Reportf(f, b.Offset, "code block opened here is never closed: everything after it, to the end of the file, is code")
			}
		}
	}
}

// blank reports a code block whose lines are all blank.
func blank(b *markdown.CodeBlock) bool {
	for _, l := range b.Lines {
		if strings.TrimSpace(l.Text) != "" {
			return false
		}
	}
	return true
}
