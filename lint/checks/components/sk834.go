package components

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// agentKeyUnknown is SK834: agent frontmatter keys Claude Code does not read. Documented in docs/SK834.md.
var agentKeyUnknown = &analysis.Rule{
	ID: "SK834", Alias: "agent-key-unknown", Severity: analysis.Warning,
	Summary:   "agent frontmatter keys Claude Code does not read",
	Component: fieldsCheck(layout.Agent, checkAgentKeyUnknown),
}

// agentHints name the skill and command keys that agents spell otherwise.
var agentHints = map[string]string{
	"allowed-tools":    toolsHint("tools"),
	"allowed_tools":    toolsHint("tools"),
	"allowedTools":     toolsHint("tools"),
	"disallowed-tools": toolsHint("disallowedTools"),
}

func checkAgentKeyUnknown(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	reportUnknownKeys(p, cf, h, agentKeys, agentHints)
	if cf.Plugin == "" {
		return
	}
	for _, f := range h.Fields {
		if slices.Contains(pluginIgnoredKeys, f.Key) {
			at(p, cf, f.KeyN, "Claude Code ignores %q in a plugin's agents, for security; it works only in .claude/agents or ~/.claude/agents", f.Key)
		}
	}
}
