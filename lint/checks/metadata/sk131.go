package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionType is SK131: description must be a non-empty string. Documented in docs/SK131.md.
var descriptionType = &analysis.Rule{
	ID: "SK131", Alias: "description-type", Severity: analysis.Error,
	Summary: "description must be a non-empty string",
	Skill:   checkDescriptionType,
}

func checkDescriptionType(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "description")
	if f == nil {
		return
	}
	v, ok := frontmatter.String(f.Value)
	switch {
	case !ok:
		header.Report(p, s, f.Value, "description is %s, not a string", frontmatter.KindName(f.Value))
	case strings.TrimSpace(v) == "":
		header.Report(p, s, f.Value, "description is empty")
	}
}
