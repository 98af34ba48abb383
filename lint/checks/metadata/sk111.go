package metadata

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// keyUnknown is SK111: frontmatter keys that neither Claude Code nor the specification define. Documented in docs/SK111.md.
var keyUnknown = &analysis.Rule{
	ID: "SK111", Alias: "key-unknown", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "frontmatter keys that neither Claude Code nor the specification define",
	Skill:   checkKeyUnknown,
}

func checkKeyUnknown(p *analysis.Pass, s *skill.Skill) {
	h := header.Fields(s)
	if h == nil {
		return
	}
	for _, f := range h.Fields {
		if isClaudeKey(f.Key) {
			continue
		}
		hint, rp := "Claude Code ignores it; the specification's validator and uploads reject it", p.AtMost(analysis.Info)
		if near := msg.Closest(f.Key, claudeKeys); near != "" && couldHold(near, f.Value) {
			hint, rp = fmt.Sprintf("did you mean %q? Claude Code ignores unknown keys", near), p // likely a mistake
		} else if p.Profile == analysis.Portable {
			hint, rp = "uploads and the specification's validator reject it; put custom data under metadata", p
		}
		header.Report(rp, s, f.KeyN, "unknown frontmatter key %q: %s", f.Key, hint)
	}
}

// listKeys and mappingKeys are the Claude Code keys whose value may be a list
// or a mapping; every other key holds a scalar.
var (
	listKeys    = []string{"allowed-tools", "disallowed-tools", "disallowedTools", "argument-hint", "arguments", "paths"}
	mappingKeys = []string{"hooks", "metadata"}
)

// couldHold reports whether key's value could be v: a custom key whose value
// has another shape (agents: [a, b] beside agent: name) is not a misspelling.
func couldHold(key string, v *yaml.Node) bool {
	switch frontmatter.Resolve(v).Kind {
	case yaml.SequenceNode:
		return slices.Contains(listKeys, key)
	case yaml.MappingNode:
		return slices.Contains(mappingKeys, key)
	}
	return true
}
