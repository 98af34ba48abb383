package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionCutInListing is SK133: description and when_to_use together must fit Claude Code's 1,536-character listing. Documented in docs/SK133.md.
var descriptionCutInListing = &analysis.Rule{
	ID: "SK133", Alias: "description-cut-in-listing", Severity: analysis.Warning,
	Summary: "description and when_to_use together must fit Claude Code's 1,536-character listing",
	Skill:   checkDescriptionCutInListing,
}

func checkDescriptionCutInListing(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := descriptionValue(s)
	if !ok {
		return
	}
	total := msg.RuneLen(v)
	what := "description"
	if w := whenToUse(s); w != nil {
		if wv, ok := frontmatter.String(w.Value); ok {
			total += msg.RuneLen(wv)
			what = "description and when_to_use"
		}
	}
	if total > listingCap {
		header.Report(p, s, f.Value, "%s total %d characters: Claude Code cuts the skill listing at %d, so Claude never sees the rest", what, total, listingCap)
	}
}
