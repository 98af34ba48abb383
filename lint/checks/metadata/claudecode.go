package metadata

import (
	"regexp"
	"slices"
	"strings"
)

// Values Claude Code accepts for its own frontmatter fields, per
// code.claude.com/docs/en/skills (frontmatter reference, 2026-08-22) and
// code.claude.com/docs/en/hooks.
var (
	booleanFields = []string{"disable-model-invocation", "user-invocable", "background"}
	stringFields  = []string{"when_to_use", "when-to-use", "argument-hint", "version"}
	effortLevels  = []string{"low", "medium", "high", "xhigh", "max"}
	shells        = []string{"bash", "powershell"}
	modelAliases  = []string{"inherit", "default", "sonnet", "opus", "haiku", "opusplan", "best"}
	builtinAgents = []string{"Explore", "Plan", "general-purpose"}
	argumentName  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	agentName     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`)
)

// looksLikeModel accepts the /model aliases (optionally with a context
// suffix such as [1m]), full Claude model IDs and provider model IDs.
func looksLikeModel(v string) bool {
	base, _, _ := strings.Cut(v, "[")
	if slices.Contains(modelAliases, strings.ToLower(base)) {
		return true
	}
	lower := strings.ToLower(v)
	return strings.Contains(lower, "claude") || strings.ContainsAny(v, "/:") && !strings.ContainsAny(v, " \t")
}
