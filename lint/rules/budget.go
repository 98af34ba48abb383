package rules

import (
	"github.com/skillcheck-dev/skillcheck/lint/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/rule"
	"github.com/skillcheck-dev/skillcheck/lint/skill"
)

// SkillTimeBudget is reported by the engine on a skill whose checks did not
// finish within the per-skill time budget.
var SkillTimeBudget = &rule.Rule{
	ID: "SK223", Alias: "skill-time-budget", Severity: rule.Error, Engine: true,
	Summary: "a skill's checks must finish within the per-skill time budget",
}

func init() {
	register(
		&rule.Rule{
			ID: "SK222", Alias: "markdown-too-deep", Severity: rule.Error,
			Summary: "lists and block quotes must not nest more than 32 levels deep",
			Skill: func(p *rule.Pass, s *skill.Skill) {
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
