package metadata

import (
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/models"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// enumField is SK153: effort, context and shell must take one of their documented values. Documented in docs/SK153.md.
var enumField = &analysis.Rule{
	ID: "SK153", Alias: "enum-field", Severity: analysis.Error,
	Summary: "effort, context and shell must take one of their documented values",
	Skill:   checkEnumField,
}

func checkEnumField(p *analysis.Pass, s *skill.Skill) {
	for _, e := range []struct {
		key    string
		values []string
	}{{"effort", models.EffortLevels}, {"context", []string{"fork"}}, {"shell", shells}} {
		f := header.Field(s, e.key)
		if f == nil {
			continue
		}
		if v, ok := frontmatter.String(f.Value); !ok || !slices.Contains(e.values, v) {
			rp := p
			if e.key == "context" {
				rp = p.AtMost(analysis.Info) // Claude Code runs the skill inline unless context is fork
			}
			header.Report(rp, s, f.Value, "%s must be one of %s, not %s", e.key, strings.Join(e.values, ", "), header.Describe(f.Value))
		}
	}
}
