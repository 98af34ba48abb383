package toolchain_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/skillcheck-dev/skillcheck/internal/corpus"
	"github.com/skillcheck-dev/skillcheck/lint"
)

const (
	benchSkills = 200
	benchBlocks = 5
	// naiveSample is how many blocks the naive comparison builds: one go
	// build per block costs seconds of process start-up each, so a sample
	// gives its per-block cost.
	naiveSample = 20
)

// BenchmarkGoBlocks checks a generated pack of 200 skills × 5 Go blocks and
// reports ns per block for: skillcheck without its result cache (one
// go/packages load and one go vet for the whole pack), skillcheck with a warm
// cache, and the naive way — one `go build` per block in its own package of
// the module — measured on a sample in the same run. The Go build cache is
// warm for all three, as it is on a developer's machine.
func BenchmarkGoBlocks(b *testing.B) {
	dir := b.TempDir()
	blocks, err := corpus.GenerateGo(dir, benchSkills, benchBlocks)
	if err != nil {
		b.Fatal(err)
	}
	lintOnce := func(b *testing.B, cache string) {
		res, err := lint.Run(context.Background(), lint.Options{Paths: []string{filepath.Join(dir, "skills")}, CodeCache: cache})
		if err != nil || len(res.Diagnostics) != 0 {
			b.Fatalf("err %v, diagnostics %v", err, res.Diagnostics)
		}
	}
	total := float64(len(blocks))
	b.Run("skillcheck-cold", func(b *testing.B) {
		for b.Loop() {
			lintOnce(b, "-")
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/total, "ns/block")
	})
	b.Run("skillcheck-warm", func(b *testing.B) {
		cache := b.TempDir()
		lintOnce(b, cache)
		b.ResetTimer()
		for b.Loop() {
			lintOnce(b, cache)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/total, "ns/block")
	})
	b.Run("naive-go-build-per-block", func(b *testing.B) {
		for b.Loop() {
			for i, block := range blocks[:naiveSample] {
				pkg := filepath.Join(dir, "naive", fmt.Sprint(i))
				if err := os.MkdirAll(pkg, 0o755); err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(pkg, "block.go"), []byte(block), 0o644); err != nil {
					b.Fatal(err)
				}
				cmd := exec.Command("go", "build", "./naive/"+fmt.Sprint(i))
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off")
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/naiveSample, "ns/block")
	})
}
