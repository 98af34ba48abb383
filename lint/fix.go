package lint

import (
	"bytes"
	"fmt"
	"os"
	"slices"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/skillcheck-dev/skillcheck/lint/rule"
)

// FileFix is the fixes planned for one file.
type FileFix struct {
	Path     string
	Old, New []byte
	// Applied are the diagnostics whose fixes are in New; fixes that overlap
	// an earlier one wait for the next round.
	Applied []rule.Diagnostic
}

// PlanFixes computes the fixed content of every file that diagnostics with
// fixes point at, reading the files from disk. Overlapping edits are left
// out (the first in diagnostic order wins); run again to apply them.
func PlanFixes(diags []rule.Diagnostic) ([]FileFix, error) {
	byPath := map[string][]rule.Diagnostic{}
	var paths []string
	for _, d := range diags {
		if d.Fix == nil || len(d.Fix.Edits) == 0 {
			continue
		}
		if _, ok := byPath[d.Path]; !ok {
			paths = append(paths, d.Path)
		}
		byPath[d.Path] = append(byPath[d.Path], d)
	}
	slices.Sort(paths)
	var out []FileFix
	for _, p := range paths {
		old, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		ff := FileFix{Path: p, Old: old}
		var taken []rule.Edit
		for _, d := range byPath[p] {
			if !fits(d.Fix.Edits, taken, len(old)) {
				continue
			}
			taken = append(taken, d.Fix.Edits...)
			ff.Applied = append(ff.Applied, d)
		}
		ff.New = apply(old, taken)
		if !bytes.Equal(ff.New, old) {
			out = append(out, ff)
		}
	}
	return out, nil
}

// fits reports whether edits lie inside the file and overlap none taken.
func fits(edits, taken []rule.Edit, size int) bool {
	for _, e := range edits {
		if e.Start < 0 || e.End < e.Start || e.End > size {
			return false
		}
		for _, t := range taken {
			if e.Start < t.End && t.Start < e.End || e.Start == e.End && e.Start == t.Start {
				return false
			}
		}
	}
	return true
}

func apply(src []byte, edits []rule.Edit) []byte {
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b rule.Edit) int { return a.Start - b.Start })
	var out bytes.Buffer
	last := 0
	for _, e := range sorted {
		out.Write(src[last:e.Start])
		out.WriteString(e.New)
		last = e.End
	}
	out.Write(src[last:])
	return out.Bytes()
}

// Write saves the fixed content, keeping the file's permissions.
func (f FileFix) Write() error {
	info, err := os.Stat(f.Path)
	if err != nil {
		return err
	}
	return os.WriteFile(f.Path, f.New, info.Mode().Perm())
}

// Diff returns a unified diff of the fix.
func (f FileFix) Diff() (string, error) {
	d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(f.Old)), B: difflib.SplitLines(string(f.New)),
		FromFile: "a/" + f.Path, ToFile: "b/" + f.Path, Context: 3,
	})
	if err != nil {
		return "", fmt.Errorf("diff %s: %w", f.Path, err)
	}
	return d, nil
}
