package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// noSkills is SK214: a path given to skillcheck must contain skills. Documented in docs/SK214.md.
var noSkills = &analysis.Rule{
	ID: "SK214", Alias: "no-skills", Severity: analysis.Error, NothingFound: true,
	Summary: "a path given to skillcheck must contain skills",
	Layout: layoutProblem(layout.NoSkills, func(f layout.Problem) string {
		return "no skills found: " + f.Detail + " (a skill is a folder holding SKILL.md)"
	}),
}
