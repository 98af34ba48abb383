package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// nameTooLong is SK122: name must be at most 64 characters. Documented in docs/SK122.md.
var nameTooLong = &analysis.Rule{
	ID: "SK122", Alias: "name-too-long", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "name must be at most 64 characters",
	Skill:   checkNameTooLong,
}

func checkNameTooLong(p *analysis.Pass, s *skill.Skill) {
	if f, v, ok := header.Name(s); ok && msg.RuneLen(v) > 64 {
		header.Report(p, s, f.Value, "name is %d characters; the limit is 64", msg.RuneLen(v))
	}
}
