package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
	"github.com/skillcheck-dev/skillcheck/lint/internal/checktest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// TestSkillTimeBudgetNamesTheSlowCheck runs a check that never returns on one
// skill: that skill gets one SK223 finding naming the check, and the other
// skill is linted as usual.
func TestSkillTimeBudgetNamesTheSlowCheck(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"stuck", "fine"} {
		dir := filepath.Join(root, "skills", name)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "SKILL.md"), []byte("---\nname: "+name+
			"\ndescription: Fills PDF forms. Use when a PDF form is to be filled.\n---\n\n# "+name+"\n\nSee [x](missing.md).\n"), 0o644))
	}
	release := make(chan struct{})
	defer close(release)
	stuck := &analysis.Rule{
		ID: "SK299", Alias: "never-returns", Severity: analysis.Warning, Summary: "a check that never returns on one skill",
		Skill: func(_ *analysis.Pass, s *skill.Skill) {
			if s.Name == "stuck" {
				<-release
			}
		},
	}
	set := append(analysis.Set{stuck}, checks.All()...)
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{root}, Fast: true, Rules: set, SkillTimeout: 50 * time.Millisecond})
	require.NoError(t, err)
	var got []string
	for _, d := range res.Diagnostics {
		d.Path = checktest.Relative(root, d.Path)
		got = append(got, d.String())
	}
	assert.Equal(t, []string{
		"skills/fine/SKILL.md:8:5: error: link \"missing.md\" points at missing.md, which does not exist in the skill folder (SK203 link-broken)",
		"skills/stuck/SKILL.md: error: the skill's checks did not finish within 50ms (SK299 never-returns was running): its findings are not reported; see `skillcheck explain SK223` (SK223 skill-time-budget)",
	}, got)
}
