package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// compatibilityInvalid is SK141: compatibility must be a string of 1 to 500 characters. Documented in docs/SK141.md.
var compatibilityInvalid = &analysis.Rule{
	ID: "SK141", Alias: "compatibility-invalid", Severity: analysis.Warning,
	Summary: "compatibility must be a string of 1 to 500 characters",
	Skill:   checkCompatibilityInvalid,
}

func checkCompatibilityInvalid(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "compatibility")
	if f == nil {
		return
	}
	v, ok := frontmatter.String(f.Value)
	switch {
	case !ok || strings.TrimSpace(v) == "":
		header.Report(p, s, f.Value, "compatibility is %s; describe the environment the skill needs, or remove the key", emptyOr(f))
	case msg.RuneLen(v) > compatibilityMax:
		header.Report(p, s, f.Value, "compatibility is %d characters; the limit is %d", msg.RuneLen(v), compatibilityMax)
	}
}
