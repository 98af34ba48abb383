package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// commandFrontmatterInvalid is SK841: a command's frontmatter must be readable, or Claude Code drops its settings. Documented in docs/SK841.md.
var commandFrontmatterInvalid = &analysis.Rule{
	ID: "SK841", Alias: "command-frontmatter-invalid", Severity: analysis.Warning,
	Summary:   "a command's frontmatter must be readable, or Claude Code drops its settings",
	Component: checkCommandFrontmatterInvalid,
}

func checkCommandFrontmatterInvalid(p *analysis.Pass, cf *component.File) {
	if cf.Kind == layout.Command {
		reportUnusableHeader(p, cf, false, "Claude Code loads the command without its description, allowed-tools and other settings")
	}
}
