package lint_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/config"
	"github.com/skillcheck-dev/skillcheck/lint/rules"
)

var (
	update = flag.Bool("update", false, "rewrite the want sections of rule fixtures from the current output")
	dump   = flag.String("dump", "", "write each fixture's tree into this folder, one folder a fixture, instead of linting it (for .ci/compare-findings)")
)

// fixtureDir holds one folder per rule ID with txtar fixtures. Each fixture is
// a tree of files plus a "want" section with the exact diagnostics, one per
// line in the text format, paths relative to the tree. Sections named
// "fixed/<path>" give a file's content after `skillcheck lint --fix`; an
// "options" section sets lint options, one "key=value" a line: tests=true,
// go=PATH (the go command to use).
const fixtureDir = "../testdata/rules"

// TestRuleFixtures runs every fixture and compares the diagnostics, and the
// fixed files where given, with what the fixture states.
func TestRuleFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*", "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(file, fixtureDir+"/"), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runFixture(t, file)
		})
	}
}

func runFixture(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	require.NoError(t, err)
	root := t.TempDir()
	if *dump != "" {
		root = filepath.Join(*dump, strings.TrimSuffix(strings.TrimPrefix(file, fixtureDir+"/"), ".txtar"))
	}
	var want []byte
	fixed := map[string][]byte{}
	opts := lint.Options{Paths: []string{root}, Jobs: 2, CodeCache: "-"}
	for _, f := range ar.Files {
		switch {
		case f.Name == "want":
			want = f.Data
		case f.Name == "options":
			setOptions(t, &opts, string(f.Data))
		case strings.HasPrefix(f.Name, "fixed/"):
			fixed[strings.TrimPrefix(f.Name, "fixed/")] = f.Data
		default:
			writeFixtureFile(t, root, f.Name, f.Data)
		}
	}
	if *dump != "" {
		return
	}
	got := lintTree(t, root, opts)
	if *update {
		rewriteWant(t, file, ar, got)
		return
	}
	assert.Equal(t, string(want), got, "diagnostics of %s", file)
	if len(fixed) > 0 {
		applyAllFixes(t, root)
		for rel, content := range fixed {
			data, err := os.ReadFile(filepath.Join(root, rel))
			require.NoError(t, err)
			assert.Equal(t, string(content), string(data), "%s after --fix", rel)
		}
	}
}

// writeFixtureFile writes one file. A name ending in "@symlink" makes a
// symbolic link whose target is the file's content; "@size=N" (a size such as
// 9MiB) makes a sparse file of that size; "@exec" makes an executable file;
// "@fifo" makes a named pipe; "@repeat=N" appends the content, without its
// final newline, N times (so that several sections build one large file).
func writeFixtureFile(t *testing.T, root, name string, data []byte) {
	path := filepath.Join(root, filepath.FromSlash(name))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	if link, ok := strings.CutSuffix(path, "@symlink"); ok {
		require.NoError(t, os.Symlink(strings.TrimSpace(string(data)), link))
		return
	}
	if file, size, ok := strings.Cut(path, "@size="); ok {
		n, err := config.ParseSize(size)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(file, nil, 0o644))
		require.NoError(t, os.Truncate(file, n))
		return
	}
	if strings.HasSuffix(name, "/.keep") {
		return // an empty folder
	}
	if file, count, ok := strings.Cut(path, "@repeat="); ok {
		n, err := strconv.Atoi(count)
		require.NoError(t, err)
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		require.NoError(t, err)
		_, err = f.Write(bytes.Repeat(bytes.TrimSuffix(data, []byte("\n")), n))
		require.NoError(t, err)
		require.NoError(t, f.Close())
		return
	}
	if fifo, ok := strings.CutSuffix(path, "@fifo"); ok {
		require.NoError(t, syscall.Mkfifo(fifo, 0o644))
		return
	}
	if file, ok := strings.CutSuffix(path, "@exec"); ok {
		require.NoError(t, os.WriteFile(file, data, 0o755))
		return
	}
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

// setOptions reads an options section.
func setOptions(t *testing.T, opts *lint.Options, text string) {
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		key, value, _ := strings.Cut(line, "=")
		switch key {
		case "tests":
			opts.Tests = value == "true"
		case "go":
			opts.GoCommand = value
		default:
			t.Fatalf("unknown fixture option %q", line)
		}
	}
}

// lintTree lints root and returns the diagnostics as text lines with paths
// relative to root.
func lintTree(t *testing.T, root string, opts lint.Options) string {
	res, err := lint.Run(context.Background(), opts)
	require.NoError(t, err)
	require.Empty(t, res.Internal)
	var b strings.Builder
	for _, d := range res.Diagnostics {
		d.Path = relativeTo(root, d.Path)
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func relativeTo(root, p string) string {
	if p == root {
		return "."
	}
	if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return p
}

// applyAllFixes runs the fix loop of `skillcheck lint --fix`.
func applyAllFixes(t *testing.T, root string) {
	res, err := lint.Fix(context.Background(), lint.Options{Paths: []string{root}, Fast: true}, func(ff lint.FileFix, err error) {
		require.NoError(t, err, "fix of %s", ff.Path)
	})
	require.NoError(t, err)
	fixes, err := lint.PlanFixes(res.Diagnostics)
	require.NoError(t, err)
	require.Empty(t, fixes, "fixes did not converge in %d rounds", lint.MaxFixRounds)
}

func rewriteWant(t *testing.T, file string, ar *txtar.Archive, got string) {
	found := false
	for i := range ar.Files {
		if ar.Files[i].Name == "want" {
			ar.Files[i].Data = []byte(got)
			found = true
		}
	}
	if !found {
		ar.Files = append([]txtar.File{{Name: "want", Data: []byte(got)}}, ar.Files...)
	}
	require.NoError(t, os.WriteFile(file, txtar.Format(ar), 0o644))
}

// TestEveryRuleHasFixtures checks that each rule has a fixture that triggers
// it and one that does not.
func TestEveryRuleHasFixtures(t *testing.T) {
	for _, r := range rules.All() {
		files, _ := filepath.Glob(filepath.Join(fixtureDir, r.ID, "*.txtar"))
		triggers, quiet := 0, 0
		for _, file := range files {
			ar, err := txtar.ParseFile(file)
			require.NoError(t, err)
			for _, f := range ar.Files {
				if f.Name != "want" {
					continue
				}
				if bytes.Contains(f.Data, []byte("("+r.ID+" ")) {
					triggers++
				} else {
					quiet++
				}
			}
		}
		assert.Positive(t, triggers, "%s (%s) has no fixture that triggers it in %s", r.ID, r.Alias, filepath.Join(fixtureDir, r.ID))
		assert.Positive(t, quiet, "%s (%s) has no fixture on which it stays quiet", r.ID, r.Alias)
	}
}

// TestFixtureFoldersNameRules rejects fixture folders for unknown rules.
func TestFixtureFoldersNameRules(t *testing.T) {
	dirs, err := os.ReadDir(fixtureDir)
	require.NoError(t, err)
	all := rules.All()
	var unknown []string
	for _, d := range dirs {
		if all.Lookup(d.Name()) == nil {
			unknown = append(unknown, d.Name())
		}
	}
	sort.Strings(unknown)
	assert.Empty(t, unknown, "fixture folders for rules that do not exist")
}
