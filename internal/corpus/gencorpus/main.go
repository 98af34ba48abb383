// Command gencorpus writes a generated skill pack for benchmarking skillcheck:
//
//	go run ./internal/corpus/gencorpus -n 10000 -out /tmp/corpus
//
// With -go, the pack is a Go module whose skills hold that many Go blocks
// each, for the code checks:
//
//	go run ./internal/corpus/gencorpus -n 200 -go 5 -out /tmp/gocorpus
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/skillcheck-dev/skillcheck/internal/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of skills")
	out := flag.String("out", "", "folder to write (created)")
	seed := flag.Uint64("seed", 1, "random seed")
	goBlocks := flag.Int("go", 0, "Go blocks a skill: write a Go module of skills with code to check")
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
	size, err := corpus.Generate(*out, *n, *seed)
	exitOn(err)
	fmt.Printf("%d skills, %.1f MB in %s\n", *n, float64(size)/1e6, *out)
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
