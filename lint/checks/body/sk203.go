package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkBroken is SK203: local links and images must point at files that exist. Documented in docs/SK203.md.
var linkBroken = &analysis.Rule{
	ID: "SK203", Alias: "link-broken", Severity: analysis.Error,
	Summary: "local links and images must point at files that exist",
	Skill:   checkLinkBroken,
}

func checkLinkBroken(p *analysis.Pass, s *skill.Skill) {
	reached, _ := links.Depths(s)
	links.Each(p, s, func(d links.Doc, l markdown.Link, t links.Target) {
		if t.Kind == links.Skip || links.Template(d.Rel) || isWebPath(s, t) || existsFrom(s, t.Path) || t.Kind == links.Inside && s.Has(t.Path) {
			return // a template's links point where the document made from it will live
		}
		rp := p
		if _, ok := reached[d.Rel]; !ok {
			// A file nothing leads Claude to (a changelog, a README for
			// people): the link is broken, but Claude never follows it.
			rp = p.AtMost(analysis.Warning)
		}
		where := "in the skill folder"
		if t.Kind == links.Outside {
			where = "next to the skill"
		}
		rp.Reportf(d.Doc.File, l.Offset, "%s %s points at %s, which does not exist %s", links.Word(l), msg.Quote(l.Dest), t.Path, where)
	})
}
