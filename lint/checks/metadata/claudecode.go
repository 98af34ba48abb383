package metadata

import "regexp"

// Values Claude Code accepts for its own frontmatter fields, per
// code.claude.com/docs/en/skills (frontmatter reference, 2026-08-22) and
// code.claude.com/docs/en/hooks.
var (
	booleanFields = []string{"disable-model-invocation", "user-invocable", "background"}
	stringFields  = []string{"when_to_use", "when-to-use", "argument-hint", "version"}
	shells        = []string{"bash", "powershell"}
	builtinAgents = []string{"Explore", "Plan", "general-purpose"}
	argumentName  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	agentName     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`)
)
