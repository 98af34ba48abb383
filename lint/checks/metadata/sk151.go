package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// stringField is SK151: when_to_use and argument-hint must be strings. Documented in docs/SK151.md.
var stringField = &analysis.Rule{
	ID: "SK151", Alias: "string-field", Severity: analysis.Error,
	Summary: "when_to_use and argument-hint must be strings",
	Skill:   checkStringField,
}

func checkStringField(p *analysis.Pass, s *skill.Skill) {
	for _, key := range stringFields {
		if f := header.Field(s, key); f != nil {
			if _, ok := frontmatter.String(f.Value); !ok {
				header.Report(p, s, f.Value, "%s must be a string, not %s; quote it", key, frontmatter.KindName(f.Value))
			}
		}
	}
}
