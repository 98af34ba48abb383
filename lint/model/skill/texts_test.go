package skill

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/internal/discover"
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
