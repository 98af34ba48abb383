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

// TestShapesLintAsIntended keeps the real-world shapes honest: the
// repository with a SKILL.md at its root is reported once as a whole (and
// its guides, two links away from SKILL.md, as too deep), and the monorepo
// and the deep tree lint clean.
func TestShapesLintAsIntended(t *testing.T) {
	lintIDs := func(dir string) []string {
		res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Fast: true})
		require.NoError(t, err)
		var ids []string
		for _, d := range res.Diagnostics {
			ids = append(ids, d.Rule.ID)
		}
		return ids
	}
	repo := t.TempDir()
	_, err := corpus.GenerateRepoSkill(repo, 600, 1)
	require.NoError(t, err)
	counts := map[string]int{}
	for _, id := range lintIDs(repo) {
		counts[id]++
	}
	require.Equal(t, 1, counts["SK224"])
	delete(counts, "SK224")
	delete(counts, "SK205")
	require.Empty(t, counts)

	mono := t.TempDir()
	size, err := corpus.GenerateMonorepo(mono, 100, 1)
	require.NoError(t, err)
	require.InDelta(t, 6000, size/100, 1500, "about 6 KB a skill")
	require.Empty(t, lintIDs(mono))

	deep := t.TempDir()
	_, err = corpus.GenerateDeepTree(deep, 60, 1)
	require.NoError(t, err)
	require.Empty(t, lintIDs(deep))
}
