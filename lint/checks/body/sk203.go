package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkBroken is SK203: local links and images must point at files of the skill. Documented in docs/SK203.md.
var linkBroken = &analysis.Rule{
	ID: "SK203", Alias: "link-broken", Severity: analysis.Error,
	Summary: "local links and images must point at files of the skill",
	Skill:   checkLinkBroken,
}

func checkLinkBroken(p *analysis.Pass, s *skill.Skill) {
	links.Each(p, s, func(d links.Doc, l markdown.Link, ll links.Target) {
		switch {
		case ll.Kind == links.Inside && !s.Has(ll.Path):
			p.Reportf(d.Doc.File, l.Offset, "%s %s points at %s, which does not exist in the skill folder", links.Word(l), msg.Quote(l.Dest), ll.Path)
		case ll.Kind == links.Outside && inPlugin(s, ll.Path) && !existsFrom(s, ll.Path):
			p.Reportf(d.Doc.File, l.Offset, "%s %s points at a file that does not exist in the plugin", links.Word(l), msg.Quote(l.Dest))
		}
	})
}
