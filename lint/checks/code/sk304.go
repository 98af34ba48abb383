package code

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goNotGofmt is SK304: Go code blocks should be formatted as gofmt formats them. Documented in docs/SK304.md.
var goNotGofmt = &analysis.Rule{
	ID: "SK304", Alias: "go-not-gofmt", Severity: analysis.Warning, Fixable: true,
	Summary: "Go code blocks should be formatted as gofmt formats them",
	Skill:   checkGoNotGofmt,
}

func checkGoNotGofmt(p *analysis.Pass, s *skill.Skill) {
	for _, c := range codeBlocks(p, s, "go") {
		src := c.b.Content()
		formatted, err := gocode.Format(src)
		if err != nil || formatted == src {
			continue // a syntax error is SK303's
		}
		var fix *analysis.Fix
		if start, end, text, ok := c.b.ReplaceContent(c.Doc, formatted); ok {
			fix = &analysis.Fix{Message: "format the block with gofmt", Edits: []analysis.Edit{{Start: start, End: end, New: text}}}
		}
		line := firstDifference(src, formatted)
		rp := p
		what := "Go code block is not gofmt-clean"
		switch {
		case onlySpacing(src, formatted):
			rp, what = p.AtMost(analysis.Info), "Go code block differs from gofmt only in spacing"
		case !complete(p, s, c):
			rp = p.AtMost(analysis.Info)
		}
		rp.ReportFix(c.Doc.File, c.b.LineOffset(line, 1), fix, "%s (first difference on this line): Claude copies it as written", what)
	}
}

// onlySpacing reports two texts that differ only in spaces, tabs and line
// breaks.
func onlySpacing(a, b string) bool {
	return strings.Join(strings.Fields(a), "") == strings.Join(strings.Fields(b), "")
}
