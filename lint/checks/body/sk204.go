package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkOutsideSkill is SK204: links must stay inside the skill folder. Documented in docs/SK204.md.
var linkOutsideSkill = &analysis.Rule{
	ID: "SK204", Alias: "link-outside-skill", Severity: analysis.Error,
	Summary: "links must stay inside the skill folder",
	Skill:   checkLinkOutsideSkill,
}

func checkLinkOutsideSkill(p *analysis.Pass, s *skill.Skill) {
	reached, _ := links.Depths(s)
	links.Each(p, s, func(d links.Doc, l markdown.Link, t links.Target) {
		if t.Kind != links.Outside || !existsFrom(s, t.Path) || inPlugin(s, t.Path) || siblingSkill(s, t.Path) != "" {
			return // broken links are SK203's, links within a plugin or to a sibling skill SK219's
		}
		rp := p
		if _, ok := reached[d.Rel]; !ok {
			// A file nothing leads Claude to (a README for people): the
			// link leaves the skill, but Claude never follows it.
			rp = p.AtMost(analysis.Warning)
		}
		rp.Reportf(d.Doc.File, l.Offset, "%s %s leaves the skill folder: a skill copied into .claude/skills/ or installed from a plugin loses it; copy the file into the skill", links.Word(l), msg.Quote(l.Dest))
	})
}
