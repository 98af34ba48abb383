package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

func TestNewSkillLintsClean(t *testing.T) {
	dir := t.TempDir()
	files, err := New(dir, "pdf-forms")
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "pdf-forms", "SKILL.md"), filepath.Join(dir, "pdf-forms", "reference.md")}, files)

	for _, profile := range []analysis.Profile{analysis.ClaudeCode, analysis.Portable} {
		res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Profile: profile, CodeCache: "-"})
		require.NoError(t, err)
		assert.Empty(t, res.Diagnostics, "profile %s", profile)
		assert.Equal(t, 1, res.Skills)
	}
	skill, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.Contains(t, string(skill), "name: pdf-forms\n")
	assert.Contains(t, string(skill), "[the reference](reference.md)")
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
