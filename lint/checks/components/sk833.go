package components

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// agentDescription is SK833: an agent needs a description, which is how Claude decides to delegate to it. Documented in docs/SK833.md.
var agentDescription = &analysis.Rule{
	ID: "SK833", Alias: "agent-description", Severity: analysis.Error,
	Summary:   "an agent needs a description, which is how Claude decides to delegate to it",
	Component: fieldsCheck(layout.Agent, checkAgentDescription),
}

func checkAgentDescription(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	f := h.Get("description")
	if f == nil {
		p.Reportf(cf.File, h.Open, "agent has no description; Claude Code does not load it")
		return
	}
	if v, ok := frontmatter.String(f.Value); !ok || strings.TrimSpace(v) == "" {
		at(p, cf, f.Value, "agent description is %s, not a non-empty string; Claude Code does not load the agent", header.Describe(f.Value))
	}
}
