package links

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMatcherAgreesWithContains compares the matcher with strings.Contains
// on random needles and texts over a small alphabet, where needles overlap,
// nest and share prefixes and suffixes.
func TestMatcherAgreesWithContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Texts are read lower-cased; needles are lower case.
	word := func(max int, alphabet ...string) string {
		var b strings.Builder
		for range 1 + rng.IntN(max) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	needleChars := []string{"a", "b", "/", ".", "é", "i̇"}
	textChars := append([]string{"A", "É", "İ", "\xff"}, needleChars...)
	for round := 0; round < 500; round++ {
		var needles []string
		for range 1 + rng.IntN(30) {
			needles = append(needles, word(6, needleChars...))
		}
		slices.Sort(needles)
		needles = slices.Compact(needles)
		m := newMatcher(needles)
		var read strings.Builder // the texts scanned so far
		reported := map[int]int{}
		for text := range 1 + rng.IntN(3) {
			s := word(60, textChars...)
			read.WriteString(strings.ToLower(s))
			read.WriteByte('\n')
			m.scan([]byte(s), func(n int) bool { reported[n]++; return true })
			for i, n := range needles {
				want := 0
				if strings.Contains(read.String(), n) {
					want = 1
				}
				require.Equal(t, want, reported[i], "round %d, text %d: needle %q in %q", round, text, n, read.String())
			}
		}
	}
}

// TestMatcherWorkIsLinear checks the matcher's bound on inputs that make a
// naive search quadratic: needles that are all prefixes of each other, and
// 20,000 file names under one folder, against a long text that almost
// matches everywhere.
func TestMatcherWorkIsLinear(t *testing.T) {
	var prefixes, files []string
	for i := 1; i <= 2000; i++ {
		prefixes = append(prefixes, strings.Repeat("a", i))
	}
	for i := range 20000 {
		files = append(files, "scripts/"+strings.Repeat("x", i%40)+".py")
	}
	slices.Sort(files)
	files = slices.Compact(files)
	for _, tc := range []struct {
		needles []string
		text    string
	}{
		{prefixes, strings.Repeat("a", 1<<20)},
		{prefixes, strings.Repeat("ab", 1<<19)},
		{files, strings.Repeat("scripts/xxxxxxxxxx.p ", 1<<15)},
	} {
		m := newMatcher(tc.needles)
		length := 0
		for _, n := range tc.needles {
			length += len(n)
		}
		m.scan([]byte(tc.text), func(int) bool { return true })
		assert.LessOrEqual(t, m.steps, length+len(tc.text)+len(tc.needles))
	}
}
