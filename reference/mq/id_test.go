package mq

import (
	"strings"
	"sync"
	"testing"
)

// TestNewIDUnique makes IDs from many goroutines at once and checks that none
// repeats and that each has the form of crypto/rand.Text's output.
func TestNewIDUnique(t *testing.T) {
	const workers, each = 8, 10_000
	ids := make(chan string, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				ids <- NewID()
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := make(map[string]bool, workers*each)
	for id := range ids {
		if len(id) != 26 || strings.Trim(id, idAlphabet) != "" {
			t.Fatalf("ID %q: want 26 characters of %s", id, idAlphabet)
		}
		if seen[id] {
			t.Fatalf("ID %q made twice", id)
		}
		seen[id] = true
	}
}

// TestFormatIDCounts checks the count's encoding: the last characters
// count in base 32 and carry into the ones before them.
func TestFormatIDCounts(t *testing.T) {
	for n, tail := range map[uint64]string{1: "AAAAAAAAAB", 31: "AAAAAAAAA7", 32: "AAAAAAAABA", 1<<50 - 1: "7777777777"} {
		id := formatID(n)
		if id[:16] != idPrefix || id[16:] != tail {
			t.Errorf("formatID(%d) = %q, want %s%s", n, id, idPrefix, tail)
		}
	}
}
