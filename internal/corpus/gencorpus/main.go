// Command gencorpus writes a generated skill pack for benchmarking skillcheck:
//
//	go run ./internal/corpus/gencorpus -n 10000 -out /tmp/corpus
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
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -out is required")
		os.Exit(2)
	}
	size, err := corpus.Generate(*out, *n, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("%d skills, %.1f MB in %s\n", *n, float64(size)/1e6, *out)
}
