package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// keyClaudeCodeOnly is SK112: keys that only Claude Code accepts break uploads and other agents. Documented in docs/SK112.md.
var keyClaudeCodeOnly = &analysis.Rule{
	ID: "SK112", Alias: "key-claude-code-only", Severity: analysis.Off, Portable: analysis.Error,
	Summary: "keys that only Claude Code accepts break uploads and other agents",
	Skill:   checkKeyClaudeCodeOnly,
}

func checkKeyClaudeCodeOnly(p *analysis.Pass, s *skill.Skill) {
	h := header.Fields(s)
	if h == nil {
		return
	}
	for _, f := range h.Fields {
		if isClaudeKey(f.Key) && !isPortableKey(f.Key) {
			header.Report(p, s, f.KeyN, "key %q is Claude Code-only: uploads to Claude apps and the Skills API accept only %s",
				f.Key, strings.Join(portableKeys, ", "))
		}
	}
}
