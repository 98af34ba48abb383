// Package msg holds what rule messages share: how a value from a skill is
// quoted, and the likely intended word for a misspelled one.
package msg

import (
	"strings"
	"unicode/utf8"
)

// RuneLen counts characters as the limits of the specification do: Unicode
// code points.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// Quote shows a value in a message, shortened when long.
func Quote(s string) string {
	const max = 60
	if RuneLen(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\""
}

// separators are dropped when comparing spellings.
var separators = strings.NewReplacer("-", "", "_", "", " ", "")

// Closest returns the candidate nearest to s when it is close enough to be a
// likely typo: the same letters in another case or separator style, or an
// edit distance of at most 2 (1 for short words).
func Closest(s string, candidates []string) string {
	norm := func(x string) string { return separators.Replace(strings.ToLower(x)) }
	target, lower := norm(s), strings.ToLower(s)
	best, bestDist := "", 3
	for _, c := range candidates {
		if norm(c) == target {
			return c
		}
		limit := 2
		if len(c) < 6 {
			limit = 1
		}
		if d := editDistance(lower, strings.ToLower(c)); d <= limit && d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	var rows [2][65]int
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
