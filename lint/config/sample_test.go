package config_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
	"github.com/skillcheck-dev/skillcheck/lint/config"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// skills makes a layout of skill folders under dir.
func skills(dir string, rels ...string) *layout.Layout {
	l := &layout.Layout{}
	for _, rel := range rels {
		l.Skills = append(l.Skills, &layout.SkillDir{Dir: filepath.Join(dir, filepath.FromSlash(rel))})
	}
	return l
}

func TestSampleLoadsBackAsTheDefaults(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		l       *layout.Layout
		profile analysis.Profile
		want    analysis.Profile
	}{
		{skills(dir, ".claude/skills/pdf", "tools/csv"), "", analysis.ClaudeCode},
		{skills(dir, ".claude/skills/pdf", ".agents/skills/pdf"), "", analysis.Portable},
		{skills(dir, ".github/skills/triage"), analysis.ClaudeCode, analysis.ClaudeCode},
		{&layout.Layout{}, "", analysis.ClaudeCode},
	} {
		src := config.Sample(dir, tc.l, tc.profile)
		c, err := config.Parse(filepath.Join(dir, config.FileName), src, checks.All())
		require.NoError(t, err, "%s", src)
		def := config.Default()
		assert.Equal(t, tc.want, c.Profile)
		assert.Equal(t, def.FailOn, c.FailOn)
		assert.Equal(t, int64(skill.DefaultMaxFileSize), c.MaxFileSize, "the limit used when none is set")
		assert.Equal(t, def.SkillTimeout, c.SkillTimeout)
		assert.False(t, c.StrictCode)
		assert.Empty(t, c.Overrides)
		assert.Empty(t, c.Exclude)
	}
}

func TestSampleRecordsTheLayout(t *testing.T) {
	dir := t.TempDir()
	l := skills(dir, ".", ".claude/skills/a", ".claude/skills/b", "plugin/skills/c", "tools/csv")
	l.Plugins = []string{filepath.Join(dir, "plugin")}
	l.Markets = []string{dir}
	src := string(config.Sample(dir, l, ""))
	assert.Contains(t, src, `#   skill: .
#   skills folder: .claude/skills (skills: 2)
#   skills folder: plugin/skills (skills: 1)
#   skills folder: tools (skills: 1)
#   plugin: plugin (.claude-plugin/plugin.json)
#   marketplace: . (.claude-plugin/marketplace.json)
`)

	var many []string
	for i := range 30 {
		many = append(many, fmt.Sprintf("lib%02d/skill", i))
	}
	lines := strings.Split(string(config.Sample(dir, skills(dir, many...), "")), "\n")
	assert.Contains(t, lines, "#   skills folder: lib18 (skills: 1)")
	assert.NotContains(t, lines, "#   skills folder: lib19 (skills: 1)")
	assert.Contains(t, lines, "#   and 11 more", "at most 20 lines of layout")
}
