package components

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/models"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
)

// componentModel is SK837: an agent's or command's model must be a /model value or inherit. Documented in docs/SK837.md.
var componentModel = &analysis.Rule{
	ID: "SK837", Alias: "component-model", Severity: analysis.Warning,
	Summary:   "an agent's or command's model must be a /model value or inherit",
	Component: fieldsCheck(0, checkComponentModel),
}

func checkComponentModel(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	f := h.Get("model")
	if f == nil {
		return
	}
	v, ok := frontmatter.String(f.Value)
	switch {
	case !ok || strings.TrimSpace(v) == "":
		at(p, cf, f.Value, "model must be a string such as \"sonnet\", \"inherit\" or a full model ID, not %s", header.Describe(f.Value))
	case !models.Valid(v):
		at(p, cf, f.Value, "model %s is not an alias (%s) or a model ID", msg.Quote(v), strings.Join(models.Aliases, ", "))
	}
}
