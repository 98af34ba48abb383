package layout

// ComponentKind is the kind of a plugin's or project's Markdown component.
type ComponentKind int

// Component kinds Claude Code loads from Markdown files.
const (
	// Agent: a subagent, agents/**/*.md.
	Agent ComponentKind = iota + 1
	// Command: a slash command, commands/**/*.md.
	Command
)

// String names the kind for messages.
func (k ComponentKind) String() string {
	switch k {
	case Agent:
		return "agent"
	case Command:
		return "command"
	}
	return "component"
}

// ComponentDirs are the folders, at a plugin root or in a project's .claude
// folder, from which Claude Code loads each kind.
var ComponentDirs = map[string]ComponentKind{"agents": Agent, "commands": Command}

// Component is one Markdown file that Claude Code loads as an agent or a
// command.
type Component struct {
	Kind ComponentKind
	// Path is the file as shown to the user.
	Path string
	// Plugin is the plugin root whose agents/ or commands/ folder holds the
	// file; "" for a project's .claude/agents or .claude/commands.
	Plugin string
}
