package metadata

import (
	"fmt"
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// The frontmatter keys Claude Code documents (20 as of 2026-08-22) plus the
// ones its loader accepts without documenting them (read from Claude Code
// 2.1.332, 2026-11: version, the when-to-use and disallowedTools spellings,
// created_by, improved_by, fallback), and the six the Agent Skills
// specification and uploads accept.
var (
	portableKeys   = []string{"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
	documentedKeys = []string{
		"name", "description", "when_to_use", "argument-hint", "arguments",
		"disable-model-invocation", "user-invocable", "allowed-tools", "disallowed-tools",
		"model", "effort", "context", "agent", "background", "hooks", "paths", "shell",
		"metadata", "license", "compatibility",
	}
	claudeKeys = append(slices.Clip(documentedKeys),
		"version", "when-to-use", "disallowedTools", "created_by", "improved_by", "fallback")
)

func isPortableKey(k string) bool { return slices.Contains(portableKeys, k) }
func isClaudeKey(k string) bool   { return slices.Contains(claudeKeys, k) }

// leadOffset is where the file's text starts, after any byte order mark.
func leadOffset(f *source.File) int {
	if f.HasBOM() {
		return len(source.BOM)
	}
	return 0
}

// fieldAt names the top-level key whose value holds offset off, for messages.
func fieldAt(h *frontmatter.Header, off int) string {
	name := ""
	for _, f := range h.Fields {
		if h.NodeOffset(f.KeyN) <= off {
			name = f.Key
		}
	}
	if name == "" {
		return ""
	}
	return fmt.Sprintf(" in %q", name)
}
