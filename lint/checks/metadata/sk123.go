package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// nameFormat is SK123: name must be lowercase letters, digits and single hyphens. Documented in docs/SK123.md.
var nameFormat = &analysis.Rule{
	ID: "SK123", Alias: "name-format", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "name must be lowercase letters, digits and single hyphens",
	Skill:   checkNameFormat,
}

func checkNameFormat(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := header.Name(s)
	if !ok || namePattern.MatchString(v) {
		return
	}
	header.Report(p, s, f.Value, "name %s %s; use lowercase letters, digits and single hyphens, e.g. %q", msg.Quote(v), nameProblem(v), header.SuggestName(v))
}
