package body

import (
	"bytes"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// claudeVariableUnknown is SK231: ${CLAUDE_…} variables must be ones Claude Code substitutes. Documented in docs/SK231.md.
var claudeVariableUnknown = &analysis.Rule{
	ID: "SK231", Alias: "claude-variable-unknown", Severity: analysis.Warning,
	Summary: "${CLAUDE_…} variables must be ones Claude Code substitutes",
	Skill:   checkClaudeVariableUnknown,
}

func checkClaudeVariableUnknown(p *analysis.Pass, s *skill.Skill) {
	eachVar(s, func(name string, f *source.File, off int) {
		if slices.Contains(claudeVars, name) {
			return
		}
		hint := ""
		if near := msg.Closest(name, claudeVars); near != "" {
			hint = "; did you mean ${" + near + "}?"
		}
		if b := shellBlockAt(s, off); b != nil && unbracedUse(s.File.Src[b.Offset:b.End], name) {
			// The block also reads $NAME: an environment variable the shell
			// expands, such as one a hook's environment provides.
			p.AtMost(analysis.Info).Reportf(f, off, "${%s} is not a Claude Code substitution: Claude Code leaves it as written and the shell reads it from the environment, which must provide it%s", name, hint)
			return
		}
		p.Reportf(f, off, "${%s} is not a variable Claude Code substitutes%s", name, hint)
	})
}

// shellLangs are the info strings of fenced shell blocks.
var shellLangs = []string{"sh", "bash", "shell", "zsh", "console", "shellscript"}

// shellBlockAt returns the fenced shell block of SKILL.md that holds off,
// or nil.
func shellBlockAt(s *skill.Skill, off int) *markdown.CodeBlock {
	for _, b := range s.Body.CodeBlocks {
		if off >= b.Offset && off < b.End && slices.Contains(shellLangs, strings.ToLower(b.Lang)) {
			return b
		}
	}
	return nil
}

// unbracedUse reports text that reads the variable name as $name, without
// braces.
func unbracedUse(text []byte, name string) bool {
	ref := []byte("$" + name)
	for i := 0; ; {
		j := bytes.Index(text[i:], ref)
		if j < 0 {
			return false
		}
		end := i + j + len(ref)
		if end == len(text) || !isNameByte(text[end]) {
			return true
		}
		i = end
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}
