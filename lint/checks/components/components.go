// Package components is skillcheck's SK8xx family: the parts of a plugin or
// project that sit beside its skills. Hooks (hooks/hooks.json and
// plugin.json's hooks), MCP servers (.mcp.json, mcpServers) and LSP servers
// (.lsp.json, lspServers) are judged as Claude Code loads them (SK80x–SK82x);
// agents (agents/*.md) and slash commands (commands/*.md) at a plugin root or
// in a project's .claude folder by their frontmatter (SK83x–SK84x); a
// skill's evals/evals.json by the shape skill-creator reads (SK85x).
package components

import (
	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// Frontmatter keys per code.claude.com/docs/en/sub-agents (supported
// frontmatter fields, 2026-11) and code.claude.com/docs/en/skills ("Files in
// .claude/commands/ support the same frontmatter, except name and paths").
var (
	agentKeys = []string{
		"name", "description", "tools", "disallowedTools", "model", "permissionMode", "maxTurns",
		"skills", "mcpServers", "hooks", "memory", "background", "effort", "isolation", "color", "initialPrompt",
	}
	// pluginIgnoredKeys are agent keys Claude Code ignores in a plugin's
	// agents, for security (code.claude.com/docs/en/plugins-reference).
	pluginIgnoredKeys = []string{"hooks", "mcpServers", "permissionMode"}
	commandKeys       = []string{
		"description", "when_to_use", "argument-hint", "arguments", "disable-model-invocation",
		"user-invocable", "allowed-tools", "disallowed-tools", "model", "effort", "context", "agent",
		"background", "hooks", "shell", "metadata", "license", "compatibility",
		// accepted by the loader without being documented
		"version", "when-to-use", "disallowedTools",
	}
)

// at reports at a node of a component's header.
func at(p *analysis.Pass, cf *component.File, n *yaml.Node, format string, args ...any) {
	p.Reportf(cf.File, cf.Header.NodeOffset(n), format, args...)
}

// fieldsCheck adapts a check of the header fields of components of one kind
// (any kind when kind is 0); it is not called when the header cannot be
// checked (the frontmatter rules report why).
func fieldsCheck(kind layout.ComponentKind, check func(p *analysis.Pass, cf *component.File, h *frontmatter.Header)) func(*analysis.Pass, *component.File) {
	return func(p *analysis.Pass, cf *component.File) {
		if kind != 0 && cf.Kind != kind {
			return
		}
		if h := cf.Fields(); h != nil {
			check(p, cf, h)
		}
	}
}
