package body

import "github.com/skillcheck-dev/skillcheck/lint/analysis"

// SkillTimeBudget is SK223: a skill's checks must finish within the
// per-skill time budget. The engine reports it on a skill whose checks ran
// over. Documented in docs/SK223.md.
var SkillTimeBudget = &analysis.Rule{
	ID: "SK223", Alias: "skill-time-budget", Severity: analysis.Error, Engine: true,
	Summary: "a skill's checks must finish within the per-skill time budget",
}
