package lint_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/config"
	"github.com/skillcheck-dev/skillcheck/lint/internal/checktest"
)

// adversarialDir holds hostile skills, one txtar each (file names as in the
// rule fixtures, with the same @symlink, @repeat=N, @fifo, … suffixes). The
// comment says what the skill attacks and, on a line "cap: SIZE", how much
// the run may allocate; the want section lists diagnostics (text format,
// paths relative to the tree) that must be among those reported. An options
// section may ask for the full checks ("full=true": the Go toolchain and
// bash run); the run then allocates in other processes too, and its cap
// counts only this one.
//
// Every run happens in a sandbox: the tree, and a temporary folder (TMPDIR)
// three levels deep. Afterwards the sandbox must hold nothing but the tree
// as it was written and an empty temporary folder: whatever the skill says,
// skillcheck writes nowhere else.
const adversarialDir = "../testdata/adversarial"

var capLine = regexp.MustCompile(`(?m)^cap: (\S+)$`)

// TestAdversarialCorpus lints each hostile skill and checks that it gives
// the stated diagnostics, no internal error, fixes that can be planned, and
// allocations under the stated cap (raceAllocFactor times the cap under the
// race detector). The Go test timeout catches a hang; no assertion is timed. The subtests run one at a time, since allocations are
// counted for the whole process.
func TestAdversarialCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(adversarialDir, "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runAdversarial(t, file)
		})
	}
}

func runAdversarial(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	require.NoError(t, err)
	m := capLine.FindSubmatch(ar.Comment)
	require.NotNil(t, m, "%s states no cap", file)
	limit, err := config.ParseSize(string(m[1]))
	require.NoError(t, err)
	limit *= raceAllocFactor
	sandbox := t.TempDir()
	root, tmp := filepath.Join(sandbox, "tree"), filepath.Join(sandbox, "tmp", "a", "b")
	require.NoError(t, os.MkdirAll(tmp, 0o755))
	t.Setenv("TMPDIR", tmp)
	// No time budget: a hang is the Go test timeout's to catch, and a budget
	// would make the outcome depend on the machine's load.
	opts := lint.Options{Paths: []string{root}, Jobs: 2, Fast: true, CodeCache: "-", SkillTimeout: -1}
	var want []string
	for _, f := range ar.Files {
		switch f.Name {
		case "want":
			want = strings.Split(strings.TrimSpace(string(f.Data)), "\n")
		case "options":
			opts.Fast = strings.TrimSpace(string(f.Data)) != "full=true"
		default:
			checktest.WriteFile(t, root, f.Name, f.Data)
		}
	}
	require.NotEmpty(t, want, "%s states no diagnostic", file)
	before := listTree(t, sandbox)

	var memBefore, memAfter runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&memBefore)
	res, err := lint.Run(context.Background(), opts)
	require.NoError(t, err)
	_, fixErr := lint.PlanFixes(res.Diagnostics)
	runtime.ReadMemStats(&memAfter)
	assert.Equal(t, before, listTree(t, sandbox), "the run wrote in the sandbox, outside its temporary folders")

	require.NoError(t, fixErr)
	require.Empty(t, res.Internal)
	got := map[string]bool{}
	for _, d := range res.Diagnostics {
		d.Path = checktest.Relative(root, d.Path)
		got[d.String()] = true
	}
	missing := 0
	for _, w := range want {
		if !assert.True(t, got[w], "missing diagnostic: %s", w) {
			missing++
		}
	}
	if missing > 0 {
		for _, d := range res.Diagnostics[:min(len(res.Diagnostics), 40)] {
			d.Path = checktest.Relative(root, d.Path)
			t.Log(d.String())
		}
	}
	allocated := int64(memAfter.TotalAlloc - memBefore.TotalAlloc)
	t.Logf("%d diagnostics, %.1f MiB allocated (cap %.0f MiB)", len(res.Diagnostics), float64(allocated)/(1<<20), float64(limit)/(1<<20))
	assert.LessOrEqual(t, allocated, limit, "allocations over the cap")
}

// listTree lists every file and folder under dir with its size, without
// following symbolic links or opening anything.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		size := info.Size()
		if d.IsDir() {
			size = 0
		}
		out = append(out, fmt.Sprintf("%s %s %d", filepath.ToSlash(rel), info.Mode().Type(), size))
		return nil
	})
	require.NoError(t, err)
	return out
}
