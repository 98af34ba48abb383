package skill

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/internal/discover"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

func TestTextsReadsTextFilesOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	files := map[string]string{
		"SKILL.md":       "---\nname: s\n---\n\nSee [r](ref.md).\n",
		"ref.md":         "# Ref\n",
		"scripts/run.sh": "#!/bin/sh\necho hi\n",
		"data.json":      "{}\n",
		"logo.png":       "not read: a binary extension",
		"blob.dat":       "a\x00b",
		"latin1.txt":     "caf\xe9",
		"empty.txt":      "",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644))
	big := filepath.Join(dir, "big.txt")
	require.NoError(t, os.WriteFile(big, nil, 0o644))
	require.NoError(t, os.Truncate(big, 1<<30))

	res, err := discover.Walk(context.Background(), []string{dir}, discover.Options{})
	require.NoError(t, err)
	require.Len(t, res.Skills, 1)
	s := Load(res.Skills[0], Options{})
	var rels []string
	for _, tf := range s.Texts() {
		rels = append(rels, tf.Rel)
		assert.Equal(t, tf.Rel == "SKILL.md" || tf.Rel == "ref.md", tf.Doc != nil, tf.Rel)
	}
	assert.Equal(t, []string{"SKILL.md", "data.json", "ref.md", "scripts/run.sh"}, rels)
	assert.Same(t, s.Texts()[0].File, s.File, "read once, shared with the parsed files")
}

func TestBudgetChecksTheFilesThatFit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	for name, content := range map[string]string{
		"SKILL.md":     "---\nname: s\n---\n\nSee [a](a.md).\n",
		"a.md":         "# A\n",
		"b.txt":        "0123456789",
		"c.md":         "# C\n",
		"sub/d.sh":     "echo d\n",
		"sub/e/f.json": "{}\n",
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	res, err := discover.Walk(context.Background(), []string{dir}, discover.Options{})
	require.NoError(t, err)
	rels := func(files []layout.File) []string {
		var out []string
		for _, f := range files {
			out = append(out, f.Rel)
		}
		return out
	}
	for _, tc := range []struct {
		budget  Budget
		checked []string
	}{
		{Budget{}, []string{"a.md", "b.txt", "c.md", "sub/d.sh", "sub/e/f.json"}},
		{Budget{Files: 2}, []string{"a.md", "b.txt"}},
		{Budget{Bytes: int64(res.Skills[0].Info.Size) + 4 + 10}, []string{"a.md", "b.txt"}},
		{Budget{Files: 4, Bytes: 1 << 20}, []string{"a.md", "b.txt", "c.md", "sub/d.sh"}},
	} {
		s := Load(res.Skills[0], Options{Budget: tc.budget})
		assert.Len(t, s.Files, 5, "every file is listed")
		assert.Equal(t, tc.checked, rels(s.Checked), "%+v", tc.budget)
		var texts []string
		for _, tf := range s.Texts()[1:] {
			texts = append(texts, tf.Rel)
		}
		assert.Equal(t, tc.checked, texts, "only checked files are read")
		assert.Equal(t, slices.Contains(tc.checked, "c.md"), s.Docs["c.md"] != nil)
		assert.True(t, s.Has("sub/e/f.json") && s.Has("sub/e"), "files past the budget still exist")
	}
}
