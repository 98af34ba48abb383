// Package components checks the parts of a plugin other than its manifest
// and skills that Claude Code loads (SK8xx): hooks (hooks/hooks.json and
// plugin.json's hooks), MCP servers (.mcp.json and mcpServers) and LSP
// servers (.lsp.json and lspServers).
package components

import (
	"embed"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

//go:embed docs/*.md
var docs embed.FS

// Rules are the family's rules, in ID order, each with its documentation
// from docs/<ID>.md.
var Rules = analysis.Documented(docs,
	configJSONInvalid,
	hooksInvalid,
	hooksFileDuplicate,
	pluginRootPathMissing,
	hookTimeout,
	hookMatcherIgnored,
	scriptNotExecutable,
	mcpServerInvalid,
	lspServerInvalid,
)
