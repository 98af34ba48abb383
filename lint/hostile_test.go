package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint"
)

// TestHostileTree lints a tree built to hurt a linter: a 1 GiB SKILL.md (a
// sparse file), a SKILL.md that is a named pipe, a SKILL.md that is a
// symbolic link to itself, a folder nested 300 deep, a 3 MiB single-line
// frontmatter value, and a link loop between folders. Each gets its
// diagnostic, the good skill beside them is still linted, and memory stays
// bounded: nothing big is read.
func TestHostileTree(t *testing.T) {
	root := t.TempDir()
	mk := func(rel string) string {
		p := filepath.Join(root, rel)
		require.NoError(t, os.MkdirAll(p, 0o755))
		return p
	}
	huge := filepath.Join(mk("huge"), "SKILL.md")
	require.NoError(t, os.WriteFile(huge, nil, 0o644))
	require.NoError(t, os.Truncate(huge, 1<<30))
	require.NoError(t, syscall.Mkfifo(filepath.Join(mk("pipe"), "SKILL.md"), 0o644))
	self := filepath.Join(mk("self"), "SKILL.md")
	require.NoError(t, os.Symlink(self, self))
	deep := mk(strings.Repeat("d/", 300))
	require.NoError(t, os.WriteFile(filepath.Join(deep, "SKILL.md"), []byte("---\nname: d\ndescription: Deep. Use when deep.\n---\n\n# Deep\n"), 0o644))
	long := "---\nname: long\ndescription: " + strings.Repeat("x", 3<<20) + "\n---\n\n# Long\n"
	require.NoError(t, os.WriteFile(filepath.Join(mk("long"), "SKILL.md"), []byte(long), 0o644))
	require.NoError(t, os.Symlink("..", filepath.Join(mk("loop"), "up")))
	require.NoError(t, os.WriteFile(filepath.Join(mk("good"), "SKILL.md"), []byte("---\nname: good\ndescription: Works. Use when asked.\n---\n\n# Good\n"), 0o644))

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{root}, Fast: true})
	require.NoError(t, err)
	runtime.ReadMemStats(&after)
	require.Empty(t, res.Internal)

	byPath := map[string][]string{}
	for _, d := range res.Diagnostics {
		rel, _ := filepath.Rel(root, d.Path)
		byPath[filepath.ToSlash(rel)] = append(byPath[filepath.ToSlash(rel)], d.Rule.ID+" "+d.Message)
	}
	assert.Equal(t, []string{"SK216 file is 1024.0 MiB, over the 4.0 MiB limit; not read"}, byPath["huge/SKILL.md"])
	assert.Equal(t, []string{"SK216 is not a regular file (p---------)"}, byPath["pipe/SKILL.md"])
	assert.Equal(t, []string{"SK216 cannot read the file: too many levels of symbolic links"}, byPath["self/SKILL.md"])
	assert.Contains(t, byPath["loop/up"], "SK215 symbolic link leads back to a folder it is inside of; it is not followed")
	assert.Contains(t, strings.Join(byPath["long/SKILL.md"], "\n"), "SK133 description total 3145728 characters")
	assert.Empty(t, byPath["good/SKILL.md"])
	assert.Empty(t, byPath[strings.Repeat("d/", 300)+"SKILL.md"])
	assert.Equal(t, 6, res.Skills, "huge, pipe, self, deep, long and good")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(200<<20), "allocations stay far below the 1 GiB file")
}
