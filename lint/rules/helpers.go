package rules

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// fields returns the skill's header when its keys can be checked: the header
// exists and its YAML parsed (as written or after Claude Code's repair).
// Rules about single fields use it so that a broken header is reported once.
func fields(s *skill.Skill) *frontmatter.Header {
	h := s.Header
	if h == nil || !h.Found || !h.Closed {
		return nil
	}
	if h.Err != nil && h.Repair == nil {
		return nil
	}
	return h
}

// field returns the header field key, or nil.
func field(s *skill.Skill, key string) *frontmatter.Field {
	if h := fields(s); h != nil {
		return h.Get(key)
	}
	return nil
}

// reportNode reports at a YAML node of the skill's header.
func reportNode(p *analysis.Pass, s *skill.Skill, n *yaml.Node, format string, args ...any) {
	p.Reportf(s.File, s.Header.NodeOffset(n), format, args...)
}

// runeLen counts characters as the limits of the specification do: Unicode
// code points.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// quote shows a value in a message, shortened when long.
func quote(s string) string {
	const max = 60
	if runeLen(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\""
}

// closest returns the candidate nearest to s when it is close enough to be a
// likely typo: the same letters in another case or separator style, or an
// edit distance of at most 2 (1 for short words).
func closest(s string, candidates []string) string {
	norm := func(x string) string {
		return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(x))
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		if norm(c) == norm(s) {
			return c
		}
		limit := 2
		if len(c) < 6 {
			limit = 1
		}
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d <= limit && d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
