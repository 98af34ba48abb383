// Package models knows the values Claude Code accepts where a skill, agent or
// command names a model or an effort level, per code.claude.com/docs/en/model-config
// (aliases, 2026-11) and code.claude.com/docs/en/skills.
package models

import (
	"slices"
	"strings"
)

// Aliases are the /model aliases, and inherit.
var Aliases = []string{"inherit", "default", "sonnet", "opus", "haiku", "fable", "opusplan", "best"}

// EffortLevels are the values of effort.
var EffortLevels = []string{"low", "medium", "high", "xhigh", "max"}

// Valid accepts the /model aliases (optionally with a context suffix such as
// [1m]), full Claude model IDs and provider model IDs (Bedrock ARNs and
// inference profiles, Vertex and gateway names).
func Valid(v string) bool {
	base, _, _ := strings.Cut(v, "[")
	if slices.Contains(Aliases, strings.ToLower(base)) {
		return true
	}
	lower := strings.ToLower(v)
	return strings.Contains(lower, "claude") || strings.ContainsAny(v, "/:") && !strings.ContainsAny(v, " \t")
}
