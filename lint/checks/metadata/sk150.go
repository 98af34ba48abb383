package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// booleanField is SK150: boolean fields must be true or false (or yes, no, on, off, 1, 0). Documented in docs/SK150.md.
var booleanField = &analysis.Rule{
	ID: "SK150", Alias: "boolean-field", Severity: analysis.Error,
	Summary: "boolean fields must be true or false (or yes, no, on, off, 1, 0)",
	Skill:   checkBooleanField,
}

func checkBooleanField(p *analysis.Pass, s *skill.Skill) {
	for _, key := range booleanFields {
		if f := header.Field(s, key); f != nil {
			if _, ok := frontmatter.Bool(f.Value); !ok {
				header.Report(p, s, f.Value, "%s must be true or false, not %s", key, header.Describe(f.Value))
			}
		}
	}
}
