package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/models"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// modelValue is SK152: model must be a /model value or inherit. Documented in docs/SK152.md.
var modelValue = &analysis.Rule{
	ID: "SK152", Alias: "model-value", Severity: analysis.Warning,
	Summary: "model must be a /model value or inherit",
	Skill:   checkModelValue,
}

func checkModelValue(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "model")
	if f == nil {
		return
	}
	v, ok := frontmatter.String(f.Value)
	if !ok || strings.TrimSpace(v) == "" {
		header.Report(p, s, f.Value, "model must be a string such as \"sonnet\", \"inherit\" or a full model ID, not %s", header.Describe(f.Value))
		return
	}
	if !models.Valid(v) {
		header.Report(p, s, f.Value, "model %s is not an alias (%s) or a model ID", msg.Quote(v), strings.Join(models.Aliases, ", "))
	}
}
