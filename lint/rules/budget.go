package rules

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// SkillTimeBudget is reported by the engine on a skill whose checks did not
// finish within the per-skill time budget.
var SkillTimeBudget = &analysis.Rule{
	ID: "SK223", Alias: "skill-time-budget", Severity: analysis.Error, Engine: true,
	Summary: "a skill's checks must finish within the per-skill time budget",
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK222", Alias: "markdown-too-deep", Severity: analysis.Error,
			Summary: "lists and block quotes must not nest more than 32 levels deep",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, d := range skillDocs(s) {
					if deep := d.doc.TooDeep; deep != nil {
						p.Reportf(d.doc.File, deep.Offset,
							"lists and quotes nest %d levels deep here (%d lines over %d): skillcheck does not parse those lines, so their links and code go unchecked; flatten the structure",
							deep.Depth, deep.Lines, markdown.MaxNesting)
					}
				}
			},
		},
		SkillTimeBudget,
	)
}
