package corpus_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/internal/corpus"
	"github.com/skillcheck-dev/skillcheck/lint"
)

// TestGeneratedSkillsHaveOnlyTheirSeededDefect keeps the benchmark corpus
// realistic: apart from the one skill in a hundred with a broken link, the
// generated skills lint clean, so benchmarks time checking, not reporting.
func TestGeneratedSkillsHaveOnlyTheirSeededDefect(t *testing.T) {
	dir := t.TempDir()
	size, err := corpus.Generate(dir, 200, 1)
	require.NoError(t, err)
	require.InDelta(t, 7000, size/200, 1000, "about 7 KB a skill")

	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Fast: true})
	require.NoError(t, err)
	require.Equal(t, 200, res.Skills)
	var got []string
	for _, d := range res.Diagnostics {
		rel, err := filepath.Rel(dir, d.Path)
		require.NoError(t, err)
		got = append(got, fmt.Sprintf("%s %s", filepath.ToSlash(rel), d.Rule.ID))
	}
	require.Equal(t, []string{"skills/skill-00042/SKILL.md SK203", "skills/skill-00142/SKILL.md SK203"}, got)
}
