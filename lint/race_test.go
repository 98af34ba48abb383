//go:build race

package lint_test

// raceAllocFactor scales allocation caps under the race detector, which
// makes sync.Pool drop objects at random, so regular expressions and
// buffers are allocated anew far more often.
const raceAllocFactor = 8
