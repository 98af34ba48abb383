package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionNoTrigger is SK137: description should say when to use the skill. Documented in docs/SK137.md.
var descriptionNoTrigger = &analysis.Rule{
	ID: "SK137", Alias: "description-no-trigger", Severity: analysis.Info,
	Summary: "description should say when to use the skill",
	Skill:   checkDescriptionNoTrigger,
}

func checkDescriptionNoTrigger(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := descriptionValue(s)
	if !ok || strings.TrimSpace(v) == "" {
		return
	}
	if whenToUse(s) != nil {
		return
	}
	lower := strings.ToLower(v)
	for _, cue := range []string{"when", "use for", "use this", "use to", "used for", "used to", "if the user", "if you", "for tasks", "whenever", "invoke"} {
		if strings.Contains(lower, cue) {
			return
		}
	}
	header.Report(p, s, f.Value, "description says what the skill does but not when to use it; add \"Use when …\" with the situations and keywords that should trigger it")
}
