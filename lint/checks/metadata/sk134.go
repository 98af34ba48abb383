package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionXml is SK134: description must not contain XML tags. Documented in docs/SK134.md.
var descriptionXml = &analysis.Rule{
	ID: "SK134", Alias: "description-xml", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "description must not contain XML tags",
	Skill:   checkDescriptionXml,
}

func checkDescriptionXml(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := descriptionValue(s)
	if !ok {
		return
	}
	if tag := xmlTag.FindString(v); tag != "" {
		header.Report(p, s, f.Value, "description contains the XML tag %s: uploads to Claude apps reject it, and in the system prompt it reads as markup", tag)
	}
}
