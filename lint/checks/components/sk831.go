package components

import (
	"path/filepath"
	"strings"

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
	if cf.Kind != layout.Agent || isReadme(cf) {
		return
	}
	reportUnusableHeader(p, cf, true, "Claude Code does not load the agent")
}

// isReadme reports a README.md without frontmatter: a note about the
// folder, which Claude Code skips as an agent, as its author means.
func isReadme(cf *component.File) bool {
	return strings.EqualFold(filepath.Base(cf.Path), "README.md") && cf.Header != nil && !cf.Header.Found
}
