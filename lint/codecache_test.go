package lint_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// moduleWithSkill writes a module that requires require (a "path version"
// line, or "") and holds one skill whose Go block imports importPath.
func moduleWithSkill(t *testing.T, require, importPath, body string) string {
	t.Helper()
	root := t.TempDir()
	gomod := "module example.com/pack\n\ngo 1.26\n"
	if require != "" {
		gomod += "\nrequire " + require + "\n"
	}
	skill := "---\nname: ids\ndescription: Makes request IDs. Use when the user asks for request IDs.\n---\n\n# IDs\n\n" +
		"```go\npackage main\n\nimport \"" + importPath + "\"\n\n" + body + "\n```\n"
	writeFile(t, filepath.Join(root, "go.mod"), gomod)
	mkdir(t, filepath.Join(root, "skills", "ids"))
	writeFile(t, filepath.Join(root, "skills", "ids", "SKILL.md"), skill)
	return root
}

// cachedResults counts the result files in a code cache folder.
func cachedResults(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	require.NoError(t, filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	}))
	return n
}

func lintWithCache(t *testing.T, root, cacheDir string, offline bool) []analysis.Diagnostic {
	t.Helper()
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{root}, CodeCache: cacheDir, Offline: offline})
	require.NoError(t, err)
	require.Empty(t, res.Internal)
	var code []analysis.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule.ID[:3] == "SK3" {
			code = append(code, d)
		}
	}
	return code
}

// isolateModules points the go command at an empty module cache and the
// given proxy, so no module is present and downloads fail or are off.
func isolateModules(t *testing.T, proxy string) {
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOFLAGS", "-modcacherw") // lets the test remove the cache folder
	t.Setenv("GOPROXY", proxy)
	t.Setenv("GONOSUMDB", "*")
}

// A block's result is cached by content: a type error found once is kept.
func TestCodeCacheKeepsResults(t *testing.T) {
	root := moduleWithSkill(t, "", "fmt", `func main() { fmt.Println(undefinedName) }`)
	cache := t.TempDir()
	first := lintWithCache(t, root, cache, false)
	require.Len(t, first, 1)
	assert.Equal(t, "SK301", first[0].Rule.ID)
	assert.Equal(t, 1, cachedResults(t, cache))
	assert.Equal(t, first, lintWithCache(t, root, cache, false))
}

// A module that cannot be downloaded is the environment's failure: SK306
// names the command that fixes it, the block's type errors stay silent, and
// nothing is cached, so the run after the download checks the block.
func TestCodeCacheSkipsDownloadFailures(t *testing.T) {
	root := moduleWithSkill(t, "example.invalid/ids v1.0.0", "example.invalid/ids", `func main() { ids.New() }`)
	writeFile(t, filepath.Join(root, "go.sum"),
		"example.invalid/ids v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"+
			"example.invalid/ids v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
	cache := t.TempDir()

	t.Run("proxy unreachable", func(t *testing.T) {
		isolateModules(t, "http://127.0.0.1:1")
		got := lintWithCache(t, root, cache, false)
		require.Len(t, got, 1)
		assert.Equal(t, "SK306", got[0].Rule.ID)
		assert.Contains(t, got[0].Message, "the module of package example.invalid/ids could not be downloaded (")
		assert.Contains(t, got[0].Message, "connection refused")
		assert.Contains(t, got[0].Message, "run `go mod download` in "+root)
		assert.Zero(t, cachedResults(t, cache), "a download failure was cached")
	})
	t.Run("offline by environment", func(t *testing.T) {
		isolateModules(t, "off")
		got := lintWithCache(t, root, cache, false)
		require.Len(t, got, 1)
		assert.Contains(t, got[0].Message, "is not in the module cache and downloads are off")
		assert.Zero(t, cachedResults(t, cache))
	})
	t.Run("offline by option", func(t *testing.T) {
		isolateModules(t, "http://127.0.0.1:1")
		got := lintWithCache(t, root, cache, true)
		require.Len(t, got, 1)
		assert.Contains(t, got[0].Message, "downloads are off (--offline or GOPROXY=off)")
		assert.Zero(t, cachedResults(t, cache))
	})
}
