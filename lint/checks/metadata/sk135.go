package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionVoice is SK135: description should be written in the third person. Documented in docs/SK135.md.
var descriptionVoice = &analysis.Rule{
	ID: "SK135", Alias: "description-voice", Severity: analysis.Info,
	Summary: "description should be written in the third person",
	Skill:   checkDescriptionVoice,
}

func checkDescriptionVoice(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := descriptionValue(s)
	if !ok {
		return
	}
	if m := personVoice(v); m != "" {
		header.Report(p, s, f.Value, "description speaks in the first or second person (%s): it is injected into the system prompt, so write it in the third person (\"Extracts tables… Use when…\")", msg.Quote(m))
	}
}
