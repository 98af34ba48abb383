package components

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/models"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// agentFieldValue is SK835: agent settings must take the values Claude Code documents. Documented in docs/SK835.md.
var agentFieldValue = &analysis.Rule{
	ID: "SK835", Alias: "agent-field-value", Severity: analysis.Warning,
	Summary:   "agent settings must take the values Claude Code documents",
	Component: fieldsCheck(layout.Agent, checkAgentFieldValue),
}

// agentEnums are the agent keys with a fixed set of values, per
// code.claude.com/docs/en/sub-agents.
var agentEnums = []struct {
	key    string
	values []string
}{
	{"permissionMode", []string{"default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan"}},
	{"memory", []string{"user", "project", "local"}},
	{"effort", models.EffortLevels},
	{"isolation", []string{"worktree"}},
}

func checkAgentFieldValue(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	for _, e := range agentEnums {
		if f := h.Get(e.key); f != nil {
			if v, ok := frontmatter.String(f.Value); !ok || !slices.Contains(e.values, v) {
				at(p, cf, f.Value, "%s must be one of %s, not %s; Claude Code does not apply it", e.key, strings.Join(e.values, ", "), header.Describe(f.Value))
			}
		}
	}
	if f := h.Get("background"); f != nil {
		if _, ok := frontmatter.Bool(f.Value); !ok {
			at(p, cf, f.Value, "background must be true or false, not %s", header.Describe(f.Value))
		}
	}
	if f := h.Get("maxTurns"); f != nil {
		n := frontmatter.Resolve(f.Value)
		if turns, err := strconv.Atoi(n.Value); n.Kind != yaml.ScalarNode || err != nil || turns < 1 {
			at(p, cf, f.Value, "maxTurns must be a positive whole number, not %s", header.Describe(f.Value))
		}
	}
	if f := h.Get("initialPrompt"); f != nil {
		if _, ok := frontmatter.String(f.Value); !ok {
			at(p, cf, f.Value, "initialPrompt must be text, not %s", header.Describe(f.Value))
		}
	}
	if f := h.Get("skills"); f != nil {
		checkSkillsList(p, cf, f)
	}
}

// checkSkillsList reports a skills value that is not a comma-separated
// string or a list of strings. An empty string or list preloads nothing,
// which is what it says.
func checkSkillsList(p *analysis.Pass, cf *component.File, f *frontmatter.Field) {
	n := frontmatter.Resolve(f.Value)
	if _, ok := frontmatter.String(n); ok || frontmatter.IsNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		at(p, cf, n, "skills is %s; write skill names as a comma-separated string or a YAML list", frontmatter.KindName(n))
		return
	}
	for _, item := range frontmatter.Items(n) {
		if _, ok := frontmatter.String(item); !ok {
			at(p, cf, item, "skills list item is %s, not a skill name", frontmatter.KindName(item))
		}
	}
}
