package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// agentFrontmatterInvalid is SK831: an agent needs frontmatter Claude Code can read. Documented in docs/SK831.md.
var agentFrontmatterInvalid = &analysis.Rule{
	ID: "SK831", Alias: "agent-frontmatter-invalid", Severity: analysis.Error,
	Summary:   "an agent needs frontmatter Claude Code can read",
	Component: checkAgentFrontmatterInvalid,
}

func checkAgentFrontmatterInvalid(p *analysis.Pass, cf *component.File) {
	if cf.Kind == layout.Agent {
		reportUnusableHeader(p, cf, true, "Claude Code does not load the agent")
	}
}
