package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// FileFix is the fixes planned for one file.
type FileFix struct {
	Path     string
	Old, New []byte
	// Applied are the diagnostics whose fixes are in New; fixes that overlap
	// an earlier one wait for the next round.
	Applied []analysis.Diagnostic
}

// PlanFixes computes the fixed content of every file that diagnostics with
// fixes point at, reading the files from disk. Overlapping edits are left
// out (the first in diagnostic order wins); run again to apply them.
func PlanFixes(diags []analysis.Diagnostic) ([]FileFix, error) {
	byPath := map[string][]analysis.Diagnostic{}
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
		old, err := safefs.ReadFile(p, 0)
		if err != nil {
			return nil, err
		}
		ff := FileFix{Path: p, Old: old}
		var taken []analysis.Edit
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
func fits(edits, taken []analysis.Edit, size int) bool {
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

func apply(src []byte, edits []analysis.Edit) []byte {
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b analysis.Edit) int { return a.Start - b.Start })
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

// MaxFixRounds bounds how often Fix lints again to apply fixes that
// overlapped earlier ones.
const MaxFixRounds = 5

// Fix lints opts.Paths and applies the safe fixes, linting again until no
// fix is left that can be applied (at most MaxFixRounds rounds), and returns
// the last result. Files are written only inside the linted paths, never
// through a symbolic link, and atomically (a reader sees the old content or
// the new, even if the process is killed). done, when not nil, is called
// for each file with nil once it is written, or with the reason it was not
// (a symbolic link, a file outside the paths); such a file keeps its
// findings.
func Fix(ctx context.Context, opts Options, done func(FileFix, error)) (*Result, error) {
	opts.OnSkill = nil // the fixes are planned from Result.Diagnostics
	roots, err := openFixRoots(opts.Paths)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, r := range roots {
			r.Close()
		}
	}()
	refused := map[string]bool{}
	for round := 0; ; round++ {
		res, err := Run(ctx, opts)
		if err != nil || round == MaxFixRounds {
			return res, err
		}
		fixes, err := PlanFixes(res.Diagnostics)
		if err != nil {
			return nil, err
		}
		written := 0
		for _, ff := range fixes {
			if refused[ff.Path] {
				continue
			}
			err := writeFix(roots, ff)
			if err != nil && !refusal(err) {
				return nil, err
			}
			if err != nil {
				refused[ff.Path] = true
			} else {
				written++
			}
			if done != nil {
				done(ff, err)
			}
		}
		if written == 0 {
			return res, nil
		}
	}
}

// openFixRoots opens the folders fixes may be written in: each path given,
// or the folder of a path that is a file.
func openFixRoots(paths []string) ([]*safefs.Root, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var roots []*safefs.Root
	for _, p := range paths {
		dir := p
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			dir = filepath.Dir(p)
		}
		r, err := safefs.OpenRoot(dir)
		if err != nil {
			for _, r := range roots {
				r.Close()
			}
			return nil, err
		}
		roots = append(roots, r)
	}
	return roots, nil
}

// writeFix writes a fix through the first root that holds its file.
func writeFix(roots []*safefs.Root, ff FileFix) error {
	for _, r := range roots {
		if rel, err := r.Local(ff.Path); err == nil {
			return r.WriteFile(rel, ff.New, 0)
		}
	}
	return &fs.PathError{Op: "fix", Path: ff.Path, Err: safefs.ErrNotLocal}
}

// refusal reports an error that keeps one file unfixed without stopping
// the others.
func refusal(err error) bool {
	return errors.Is(err, safefs.ErrNotLocal) || errors.Is(err, safefs.ErrSymlink) || errors.Is(err, safefs.ErrNotRegular)
}

// Diff returns a unified diff of the fix.
func (f FileFix) Diff() (string, error) {
	d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(f.Old)), B: difflib.SplitLines(string(f.New)),
		FromFile: "a/" + safetext.Text(f.Path), ToFile: "b/" + safetext.Text(f.Path), Context: 3,
	})
	if err != nil {
		return "", fmt.Errorf("diff %s: %w", f.Path, err)
	}
	return d, nil
}
