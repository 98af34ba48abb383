package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// commandKeyUnknown is SK842: command frontmatter keys Claude Code does not read. Documented in docs/SK842.md.
var commandKeyUnknown = &analysis.Rule{
	ID: "SK842", Alias: "command-key-unknown", Severity: analysis.Warning,
	Summary:   "command frontmatter keys Claude Code does not read",
	Component: fieldsCheck(layout.Command, checkCommandKeyUnknown),
}

// commandHints name the keys commands spell otherwise.
var commandHints = map[string]string{
	"name":          "Claude Code ignores it in a command file: the command is named after the file",
	"paths":         "Claude Code ignores it in a command file",
	"allowed_tools": toolsHint("allowed-tools"),
	"allowedTools":  toolsHint("allowed-tools"),
	"tools":         toolsHint("allowed-tools"),
}

func checkCommandKeyUnknown(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	reportUnknownKeys(p, cf, h, commandKeys, commandHints)
}
