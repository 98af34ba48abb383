package body

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkAnchorMissing is SK221: a link to #section must name a heading of the file it points at. Documented in docs/SK221.md.
var linkAnchorMissing = &analysis.Rule{
	ID: "SK221", Alias: "link-anchor-missing", Severity: analysis.Warning,
	Summary: "a link to #section must name a heading of the file it points at",
	Skill:   checkLinkAnchorMissing,
}

func checkLinkAnchorMissing(p *analysis.Pass, s *skill.Skill) {
	cache := map[string]map[string]bool{}
	docAnchors := func(rel string) map[string]bool {
		if a, ok := cache[rel]; ok {
			return a
		}
		var a map[string]bool
		if d := s.Doc(rel); d != nil {
			a = anchors(d)
		}
		cache[rel] = a
		return a
	}
	for _, d := range links.Docs(s) {
		for _, l := range d.Doc.Links {
			frag := fragment(l.Dest)
			if frag == "" {
				continue
			}
			target := d.Rel
			if !strings.HasPrefix(strings.TrimSpace(l.Dest), "#") {
				ll := links.Resolve(d.Rel, l.Dest)
				if ll.Kind != links.Inside || !links.IsMarkdown(ll.Path) {
					continue
				}
				target = ll.Path
				if target == "SKILL.md" {
					target = ""
				}
			}
			if a := docAnchors(target); a != nil && !a[frag] {
				name := target
				if name == "" {
					name = "SKILL.md"
				}
				p.Reportf(d.Doc.File, l.Offset, "%s %s points at #%s, but %s has no heading with that anchor", links.Word(l), msg.Quote(l.Dest), frag, name)
			}
		}
	}
}
