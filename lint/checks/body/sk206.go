package body

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// backslashPath is SK206: paths use forward slashes. Documented in docs/SK206.md.
var backslashPath = &analysis.Rule{
	ID: "SK206", Alias: "backslash-path", Severity: analysis.Warning,
	Summary: "paths use forward slashes",
	Skill:   checkBackslashPath,
}

func checkBackslashPath(p *analysis.Pass, s *skill.Skill) {
	links.Each(p, s, func(d links.Doc, l markdown.Link, ll links.Target) {
		if ll.Kind != links.Skip && ll.Backslash {
			p.Reportf(d.Doc.File, l.Offset, "%s %s uses backslashes; write %s, which works on every system", links.Word(l), msg.Quote(l.Dest), msg.Quote(strings.ReplaceAll(l.Dest, "\\", "/")))
		}
	})
}
