// Package checktest runs rule fixtures, the way analysistest runs an
// analyzer's testdata. A family keeps one folder of fixtures per rule,
// testdata/<ID>/*.txtar. Each fixture is a tree of files plus a "want"
// section holding the exact diagnostics, one a line in the text format,
// paths relative to the tree. Sections named "fixed/<path>" give a file's
// content after `skillcheck lint --fix`; an "options" section sets lint
// options, one "key=value" a line: tests=true, go=PATH (the go command),
// offline=true, test-timeout=DURATION.
//
// File names may end in suffixes that make what txtar cannot hold:
// "@symlink" makes a symbolic link whose target is the content; "@size=N"
// (a size such as 9MiB) a sparse file of that size; "@exec" an executable
// file; "@fifo" a named pipe; "@repeat=N" appends the content, without its
// final newline, N times (so that several sections build one large file); a
// name ending in "/.keep" makes an empty folder.
//
// Every fixture is linted with the whole rule set, so a fixture states
// every diagnostic its tree gets, not only those of its rule.
package checktest

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/config"
)

var (
	update = flag.Bool("update", false, "rewrite the want sections of rule fixtures from the current output")
	dump   = flag.String("dump", "", "write each fixture's tree into this folder, one folder a fixture, instead of linting it (for .ci/compare-findings)")
)

// Run runs every fixture in dir/<ID>/*.txtar and compares the diagnostics,
// and the fixed files where given, with what the fixture states.
func Run(t *testing.T, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no fixtures in %s", dir)
	for _, file := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(file, dir+string(filepath.Separator)), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runFixture(t, file, name)
		})
	}
}

func runFixture(t *testing.T, file, name string) {
	ar, err := txtar.ParseFile(file)
	require.NoError(t, err)
	root := t.TempDir()
	if *dump != "" {
		root = filepath.Join(*dump, name)
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
			WriteFile(t, root, f.Name, f.Data)
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

// WriteFile writes one file of a fixture tree under root, reading the
// suffixes the package documentation lists.
func WriteFile(t testing.TB, root, name string, data []byte) {
	t.Helper()
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
		case "offline":
			opts.Offline = value == "true"
		case "test-timeout":
			d, err := time.ParseDuration(value)
			require.NoError(t, err, "fixture option %q", line)
			opts.TestTimeout = d
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
		d.Path = Relative(root, d.Path)
		d.Message = strings.ReplaceAll(d.Message, root, "$ROOT") // a folder named in a message
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Relative returns p relative to root with forward slashes, "." for root
// itself, or p unchanged when it lies outside root.
func Relative(root, p string) string {
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

// Coverage checks that each of a family's rules has a fixture in
// dir/<ID>/ that triggers it and one on which it stays quiet, and that
// every fixture folder names one of them.
func Coverage(t *testing.T, family analysis.Set, dir string) {
	for _, r := range family {
		files, _ := filepath.Glob(filepath.Join(dir, r.ID, "*.txtar"))
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
		assert.Positive(t, triggers, "%s (%s) has no fixture that triggers it in %s", r.ID, r.Alias, filepath.Join(dir, r.ID))
		assert.Positive(t, quiet, "%s (%s) has no fixture on which it stays quiet", r.ID, r.Alias)
	}
	dirs, err := os.ReadDir(dir)
	require.NoError(t, err)
	var unknown []string
	for _, d := range dirs {
		if family.Lookup(d.Name()) == nil {
			unknown = append(unknown, d.Name())
		}
	}
	slices.Sort(unknown)
	assert.Empty(t, unknown, "fixture folders for rules that are not in the family")
}
