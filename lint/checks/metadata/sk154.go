package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// forkOnlyField is SK154: agent and background only apply with context: fork. Documented in docs/SK154.md.
var forkOnlyField = &analysis.Rule{
	ID: "SK154", Alias: "fork-only-field", Severity: analysis.Warning,
	Summary: "agent and background only apply with context: fork",
	Skill:   checkForkOnlyField,
}

func checkForkOnlyField(p *analysis.Pass, s *skill.Skill) {
	if c := header.Field(s, "context"); c != nil {
		if v, _ := frontmatter.String(c.Value); v == "fork" {
			return
		}
	}
	for _, key := range []string{"agent", "background"} {
		if f := header.Field(s, key); f != nil {
			header.Report(p, s, f.KeyN, "%s has no effect without \"context: fork\"", key)
		}
	}
}
