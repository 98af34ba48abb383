package components

import (
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// agentColor is SK836: an agent's color should be one Claude Code can show. Documented in docs/SK836.md.
var agentColor = &analysis.Rule{
	ID: "SK836", Alias: "agent-color", Severity: analysis.Info,
	Summary:   "an agent's color should be one Claude Code can show",
	Component: fieldsCheck(layout.Agent, checkAgentColor),
}

// agentColors are the colors of code.claude.com/docs/en/sub-agents, and
// magenta, which Anthropic's plugin-dev agent-development skill lists.
var agentColors = []string{"red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan", "magenta"}

func checkAgentColor(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	f := h.Get("color")
	if f == nil {
		return
	}
	if v, ok := frontmatter.String(f.Value); !ok || !slices.Contains(agentColors, strings.ToLower(v)) {
		at(p, cf, f.Value, "color %s is not one of %s; Claude Code shows the agent without a color", header.Describe(f.Value), strings.Join(agentColors, ", "))
	}
}
