package discover

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComponentsOfPluginsAndProjects(t *testing.T) {
	root := tree(t,
		"plug/.claude-plugin/plugin.json", "plug/agents/reviewer.md", "plug/agents/team/lead.md",
		"plug/commands/review.md", "plug/commands/notes.txt", "plug/skills/s/SKILL.md",
		"proj/.claude/agents/helper.md", "proj/.claude/commands/ship.md",
		// not loaded by Claude Code: no plugin root, or a skill's own folder
		"other/agents/x.md", "plug/skills/s/agents/grader.md",
		// a link may lead out of the folder linted
		"plug/agents/linked.md -> ../../other/agents/x.md",
	)
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	var got []string
	for _, c := range res.Components {
		rel, _ := filepath.Rel(root, c.Path)
		plugin, _ := filepath.Rel(root, c.Plugin)
		if c.Plugin == "" {
			plugin = "-"
		}
		got = append(got, c.Kind.String()+" "+filepath.ToSlash(rel)+" "+plugin)
	}
	assert.Equal(t, []string{
		"agent plug/agents/reviewer.md plug",
		"agent plug/agents/team/lead.md plug",
		"command plug/commands/review.md plug",
		"agent proj/.claude/agents/helper.md -",
		"command proj/.claude/commands/ship.md -",
	}, got)
}
