package components

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/models"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// commandFieldValue is SK843: command settings must have the types Claude Code reads. Documented in docs/SK843.md.
var commandFieldValue = &analysis.Rule{
	ID: "SK843", Alias: "command-field-value", Severity: analysis.Warning,
	Summary:   "command settings must have the types Claude Code reads",
	Component: fieldsCheck(layout.Command, checkCommandFieldValue),
}

func checkCommandFieldValue(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	if f := h.Get("description"); f != nil {
		if v, ok := frontmatter.String(f.Value); !ok || strings.TrimSpace(v) == "" {
			at(p, cf, f.Value, "description is %s, not text; Claude Code lists the command with its first line instead", header.Describe(f.Value))
		}
	}
	if f := h.Get("argument-hint"); f != nil && frontmatter.Resolve(f.Value).Kind == yaml.MappingNode {
		at(p, cf, f.Value, "argument-hint is a mapping; write the hint as text, quoted when it holds \": \" (\"<file>: <line>\")")
	}
	for _, key := range []string{"disable-model-invocation", "user-invocable"} {
		if f := h.Get(key); f != nil {
			if _, ok := frontmatter.Bool(f.Value); !ok {
				at(p, cf, f.Value, "%s must be true or false, not %s", key, header.Describe(f.Value))
			}
		}
	}
	if f := h.Get("effort"); f != nil {
		if v, ok := frontmatter.String(f.Value); !ok || !slices.Contains(models.EffortLevels, v) {
			at(p, cf, f.Value, "effort must be one of %s, not %s", strings.Join(models.EffortLevels, ", "), header.Describe(f.Value))
		}
	}
}
