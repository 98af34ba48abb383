package security

import (
	"testing"
	"unicode"
)

// TestCommonLettersAreNotHidden holds the fast path of scanHidden to
// classify: every code point it skips, classify finds not hidden whatever
// surrounds it.
func TestCommonLettersAreNotHidden(t *testing.T) {
	skipped := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !commonLetter(r) {
			continue
		}
		skipped++
		for _, around := range []rune{-1, 'a', 0x0627, 0x200D, r} {
			if c := classify(r, around, around, 1, &rtlLines{}); c != 0 || isTag(r) || isVariationSelector(r) {
				t.Fatalf("U+%04X is skipped by scanHidden, but classify gives %v", r, c)
			}
		}
	}
	if skipped < 20000 {
		t.Fatalf("the fast path skips only %d code points", skipped)
	}
}
