package components

import (
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// agentName is SK832: an agent needs a name of lowercase letters, digits and hyphens. Documented in docs/SK832.md.
var agentName = &analysis.Rule{
	ID: "SK832", Alias: "agent-name", Severity: analysis.Error,
	Summary:   "an agent needs a name of lowercase letters, digits and hyphens",
	Component: fieldsCheck(layout.Agent, checkAgentName),
}

// agentNameFormat is the documented form, lowercase letters and hyphens,
// with digits and underscores, which work wherever a name is typed.
var agentNameFormat = regexp.MustCompile(`^[a-z0-9]+([-_][a-z0-9]+)*$`)

func checkAgentName(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	f := h.Get("name")
	if f == nil {
		p.Reportf(cf.File, h.Open, "agent has no name; Claude Code does not load it")
		return
	}
	v, ok := frontmatter.String(f.Value)
	switch {
	case !ok || strings.TrimSpace(v) == "":
		at(p, cf, f.Value, "agent name is %s, not a non-empty string; Claude Code does not load the agent", header.Describe(f.Value))
	case !agentNameFormat.MatchString(v):
		at(p.AtMost(analysis.Warning), cf, f.Value, "agent name %s should be lowercase letters, digits and hyphens (%s): it is the name Claude and the user call the agent by",
			msg.Quote(v), msg.Quote(header.SuggestName(v)))
	}
}
