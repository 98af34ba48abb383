package metadata

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/models"
)

// Key describes a frontmatter key Claude Code documents, for editors
// (hover, completion).
type Key struct {
	Name string
	// Doc says what the key does, in Markdown, after Claude Code's
	// frontmatter reference (code.claude.com/docs/en/skills).
	Doc string
	// Values are the values Claude Code knows for the key; nil when the
	// value is free text, a list or a mapping.
	Values []string
	// Portable is true for the keys the Agent Skills specification and
	// uploads accept; the others are Claude Code's own.
	Portable bool
}

// keyDocs are the documented keys' descriptions, in documentedKeys order.
var keyDocs = map[string]string{
	"name":                     "Display name of the skill, lower-case letters, digits and hyphens (at most 64 characters); defaults to the folder's name.",
	"description":              "What the skill does and when to use it: Claude reads it to decide when to load the skill. Recommended; with `when_to_use` it is cut at 1,536 characters in the skill listing.",
	"when_to_use":              "More on when Claude should use the skill; appended to `description` in the skill listing and counted toward its 1,536-character cap.",
	"argument-hint":            "Hint shown in autocomplete for the arguments the skill takes, e.g. `[issue-number]` or `[filename] [format]`.",
	"arguments":                "Names of positional arguments, a space-separated string or a YAML list; each name becomes a `$name` placeholder.",
	"disable-model-invocation": "`true` keeps Claude from loading the skill on its own: only the user runs it with /name. Default `false`.",
	"user-invocable":           "`false` hides the skill from the / menu: only Claude loads it. Default `true`.",
	"allowed-tools":            "Tools Claude may use without asking while the skill is active (a space- or comma-separated string, or a YAML list), e.g. `Bash(git:*) Read`. It grants, it does not restrict.",
	"disallowed-tools":         "Tools removed from Claude's reach while the skill is active (a space- or comma-separated string, or a YAML list).",
	"model":                    "Model to use while the skill is active: the values of `/model` (an alias or a full model ID), or `inherit`.",
	"effort":                   "Effort level while the skill is active; the levels available depend on the model.",
	"context":                  "`fork` runs the skill in a forked sub-agent context, with its own conversation.",
	"agent":                    "Sub-agent type for `context: fork`: `Explore`, `Plan`, `general-purpose` (the default) or a custom agent from `.claude/agents/`.",
	"background":               "With `context: fork`, whether the forked sub-agent runs in the background. Default `true`.",
	"hooks":                    "Hooks scoped to the skill's lifetime, in the format of the settings' hooks.",
	"paths":                    "Glob patterns (a comma-separated string or a YAML list) that limit when Claude loads the skill on its own: only when working with matching files.",
	"shell":                    "Shell for `!` command injections: `bash` (the default) or `powershell`.",
	"metadata":                 "A map of string keys to string values for tools; Claude Code does not act on it.",
	"license":                  "The skill's license: a name or the path of a bundled license file. Not acted on by Claude Code.",
	"compatibility":            "Environment requirements (intended product, system packages, network access), at most 500 characters.",
}

// Keys returns the documented frontmatter keys, in the order of Claude
// Code's reference.
func Keys() []Key {
	out := make([]Key, 0, len(documentedKeys))
	for _, name := range documentedKeys {
		k := Key{Name: name, Doc: keyDocs[name], Portable: isPortableKey(name)}
		switch {
		case slices.Contains(booleanFields, name):
			k.Values = []string{"true", "false"}
		case name == "effort":
			k.Values = models.EffortLevels
		case name == "context":
			k.Values = []string{"fork"}
		case name == "shell":
			k.Values = shells
		case name == "model":
			k.Values = models.Aliases
		case name == "agent":
			k.Values = builtinAgents
		}
		out = append(out, k)
	}
	return out
}
