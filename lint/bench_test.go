package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/internal/corpus"
	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/body"
	"github.com/skillcheck-dev/skillcheck/lint/config"
)

// BenchmarkLintCorpus lints a generated pack of 1,000 skills (about 7 KB
// each) per iteration with the checks that start other programs off (as
// --fast); ns/op divided by 1,000 is the cost of one skill in a large run.
func BenchmarkLintCorpus(b *testing.B) {
	dir := b.TempDir()
	size, err := corpus.Generate(dir, 1000, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Fast: true})
		if err != nil || res.Skills != 1000 {
			b.Fatal(err, res.Skills)
		}
	}
}

// BenchmarkLintOneSkill is the latency of linting a single skill folder, as
// an editor or a pre-commit hook does.
func BenchmarkLintOneSkill(b *testing.B) {
	dir := b.TempDir()
	if _, err := corpus.Generate(dir, 1, 1); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "skills", "skill-00000")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lint.Run(context.Background(), lint.Options{Paths: []string{path}, Fast: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLintPaths lints the folders named in $SKILLCHECK_BENCH_PATHS
// (separated by the OS list separator) per iteration, as --fast does,
// handing each skill's diagnostics to OnSkill as a streaming printer would;
// it is skipped when the variable is unset. It profiles real repositories in
// process:
//
//	SKILLCHECK_BENCH_PATHS=/path/to/repo go test -run '^$' -bench LintPaths \
//		-benchtime 1x -cpuprofile cpu.out ./lint/
//
// jobs=1 lints one skill at a time and reports the longest time between two
// skills handed out: an upper bound of the slowest skill's time (the walk
// may be what it waited for), which it logs.
func BenchmarkLintPaths(b *testing.B) {
	paths := filepath.SplitList(os.Getenv("SKILLCHECK_BENCH_PATHS"))
	if len(paths) == 0 {
		b.Skip("SKILLCHECK_BENCH_PATHS is not set")
	}
	for _, jobs := range []int{0, 1} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			b.ReportAllocs()
			diags := 0
			var slowest time.Duration
			var slowestDir string
			for b.Loop() {
				last := time.Now()
				res, err := lint.Run(context.Background(), lint.Options{Paths: paths, Fast: true, Jobs: jobs,
					OnSkill: func(r lint.SkillResult) {
						diags += len(r.Diagnostics)
						if now := time.Now(); now.Sub(last) > slowest {
							slowest, slowestDir = now.Sub(last), r.Dir
						}
						last = time.Now()
					}})
				if err != nil {
					b.Fatal(err)
				}
				diags += len(res.Diagnostics)
			}
			b.ReportMetric(float64(diags)/float64(b.N), "diags/op")
			if jobs == 1 {
				b.ReportMetric(float64(slowest.Milliseconds()), "slowest-skill-ms")
				b.Logf("slowest skill: %s (%v)", slowestDir, slowest)
			}
		})
	}
}

// BenchmarkLintShapes lints the shapes of real repositories that made
// linting slow (internal/corpus) per iteration, as --fast does: a
// repository of 3,600 files with a SKILL.md at its root, within the folder
// budget (SK224) and with every file checked (SK224 off); a marketplace of
// 2,000 skills in 100 plugins; a skill nesting 200 folders with a skill in
// every fifth.
func BenchmarkLintShapes(b *testing.B) {
	everyFile := []config.Override{{Name: "SK224", Rules: analysis.Set{body.FolderTooLarge}, Severity: analysis.Off}}
	for _, bc := range []struct {
		name      string
		generate  func(string, int, uint64) (int64, error)
		n         int
		overrides []config.Override
	}{
		{"repo-skill/budget", corpus.GenerateRepoSkill, 3600, nil},
		{"repo-skill/every-file", corpus.GenerateRepoSkill, 3600, everyFile},
		{"monorepo", corpus.GenerateMonorepo, 2000, nil},
		{"deep-tree", corpus.GenerateDeepTree, 200, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			dir := b.TempDir()
			size, err := bc.generate(dir, bc.n, 1)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Fast: true, Overrides: bc.overrides}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
