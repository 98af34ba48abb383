package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionTooLong is SK132: description must be at most 1,024 characters. Documented in docs/SK132.md.
var descriptionTooLong = &analysis.Rule{
	ID: "SK132", Alias: "description-too-long", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "description must be at most 1,024 characters",
	Skill:   checkDescriptionTooLong,
}

func checkDescriptionTooLong(p *analysis.Pass, s *skill.Skill) {
	if f, v, ok := descriptionValue(s); ok && msg.RuneLen(v) > descriptionMax {
		header.Report(p, s, f.Value, "description is %d characters; the specification and uploads allow %d", msg.RuneLen(v), descriptionMax)
	}
}
