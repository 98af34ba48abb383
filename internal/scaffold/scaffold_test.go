package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// TestNewSkillLintsCleanOnceDescribed: a new skill's only finding is its
// placeholder description, in every profile; with a description written,
// it lints clean.
func TestNewSkillLintsCleanOnceDescribed(t *testing.T) {
	dir := t.TempDir()
	files, err := New(dir, "pdf-forms")
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "pdf-forms", "SKILL.md"), filepath.Join(dir, "pdf-forms", "reference.md")}, files)
	skill, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.Contains(t, string(skill), "name: pdf-forms\n")
	assert.Contains(t, string(skill), "[the reference](reference.md)")

	lintAll := func() []analysis.Diagnostic {
		var all []analysis.Diagnostic
		for _, profile := range []analysis.Profile{analysis.ClaudeCode, analysis.Portable} {
			res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Profile: profile, CodeCache: "-"})
			require.NoError(t, err)
			assert.Equal(t, 1, res.Skills)
			all = append(all, res.Diagnostics...)
		}
		return all
	}
	diags := lintAll()
	require.Len(t, diags, 2, "one finding in each profile")
	for _, d := range diags {
		assert.Equal(t, "SK134", d.Rule.ID, d.String())
		assert.Equal(t, 3, d.Line, "on the description: %s", d)
	}

	described := regexp.MustCompile(`(?m)^description: .*$`).ReplaceAll(skill,
		[]byte("description: Fills PDF forms from structured data. Use when the user asks to fill in a PDF form."))
	require.NoError(t, os.WriteFile(files[0], described, 0o644))
	for _, d := range lintAll() {
		t.Errorf("after the description is written: %s", d)
	}
}

func TestNewRefusesBadNamesAndExistingFolders(t *testing.T) {
	dir := t.TempDir()
	for _, bad := range []string{"PDF", "a--b", "-a", "", "a b", string(make([]byte, 65))} {
		_, err := New(dir, bad)
		assert.Error(t, err, "%q", bad)
	}
	_, err := New(dir, "x")
	require.NoError(t, err)
	_, err = New(dir, "x")
	assert.ErrorIs(t, err, ErrExists)
}
