//go:build !race

package lint_test

// raceAllocFactor scales allocation caps; see race_test.go.
const raceAllocFactor = 1
