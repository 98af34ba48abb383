//go:build race

package lint_test

// raceAllocFactor scales allocation caps under the race detector, which
// makes sync.Pool drop objects at random, so regular expressions and
// buffers are allocated anew far more often: the secret-blob case allocates
// 4.2 MiB without it and 93–96 MiB with it, varying from run to run. The
// caps without the race detector are the measure; under it they only catch
// unbounded growth.
const raceAllocFactor = 32
