package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// nameType is SK121: name must be a non-empty string. Documented in docs/SK121.md.
var nameType = &analysis.Rule{
	ID: "SK121", Alias: "name-type", Severity: analysis.Error,
	Summary: "name must be a non-empty string",
	Skill:   checkNameType,
}

func checkNameType(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "name")
	if f == nil {
		return
	}
	if _, ok := frontmatter.String(f.Value); !ok {
		header.Report(p, s, f.Value, "name is %s, not a string", frontmatter.KindName(f.Value))
	} else if strings.TrimSpace(f.Value.Value) == "" {
		header.Report(p, s, f.Value, "name is empty")
	}
}
