package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionMissing is SK130: a skill needs a description, which is how Claude decides to use it. Documented in docs/SK130.md.
var descriptionMissing = &analysis.Rule{
	ID: "SK130", Alias: "description-missing", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "a skill needs a description, which is how Claude decides to use it",
	Skill:   checkDescriptionMissing,
}

func checkDescriptionMissing(p *analysis.Pass, s *skill.Skill) {
	h := header.Fields(s)
	if h == nil || h.Get("description") != nil {
		return
	}
	rp := p
	if header.UserOnly(s) && p.Profile == analysis.ClaudeCode {
		rp = p.AtMost(analysis.Info) // Claude never chooses it; the menu shows the first paragraph
	}
	rp.Reportf(s.File, h.Open, "frontmatter has no description: Claude Code falls back to the first paragraph of the body, and other agents skip the skill; say what it does and when to use it")
}
