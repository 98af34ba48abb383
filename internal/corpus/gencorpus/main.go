// Command gencorpus writes a generated skill pack for benchmarking skillcheck:
//
//	go run ./internal/corpus/gencorpus -n 10000 -out /tmp/corpus
//
// With -go, the pack is a Go module whose skills hold that many Go blocks
// each, for the code checks:
//
//	go run ./internal/corpus/gencorpus -n 200 -go 5 -out /tmp/gocorpus
//
// With -shape, it is one of the shapes of real repositories: repo (a
// repository of n files with a SKILL.md at its root), monorepo (a
// marketplace of n skills in plugins) or deep (a skill nesting n folders):
//
//	go run ./internal/corpus/gencorpus -shape repo -n 3600 -out /tmp/repo
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/skillcheck-dev/skillcheck/internal/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of skills (of files for -shape repo, of folders for -shape deep)")
	out := flag.String("out", "", "folder to write (created)")
	seed := flag.Uint64("seed", 1, "random seed")
	goBlocks := flag.Int("go", 0, "Go blocks a skill: write a Go module of skills with code to check")
	shape := flag.String("shape", "", "repo, monorepo or deep: write that shape of real repository")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -out is required")
		os.Exit(2)
	}
	if *goBlocks > 0 {
		blocks, err := corpus.GenerateGo(*out, *n, *goBlocks)
		exitOn(err)
		fmt.Printf("%d skills, %d Go blocks in %s\n", *n, len(blocks), *out)
		return
	}
	generate := corpus.Generate
	switch *shape {
	case "":
	case "repo":
		generate = corpus.GenerateRepoSkill
	case "monorepo":
		generate = corpus.GenerateMonorepo
	case "deep":
		generate = corpus.GenerateDeepTree
	default:
		fmt.Fprintf(os.Stderr, "gencorpus: unknown shape %q (want repo, monorepo or deep)\n", *shape)
		os.Exit(2)
	}
	size, err := generate(*out, *n, *seed)
	exitOn(err)
	fmt.Printf("%s %d, %.1f MB in %s\n", or(*shape, "skills"), *n, float64(size)/1e6, *out)
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
