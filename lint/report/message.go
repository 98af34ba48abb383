package report

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

// minHead is the length under which a message's first clause takes in the
// next one, when both fit on the first line: "reference package x: tests
// fail" reads better than "reference package x" alone.
const minHead = 40

// splitMessage splits a message (escaped already) for the rich form. A
// message that fits in first columns stays whole. A longer one is cut at its
// clauses — the parts separated by ": " and "; " outside quotes and brackets,
// as in "what is wrong: why it matters; how to fix it" — into the head,
// its first clause (wrapped: the first line at most first columns, the others
// at most rest), and notes, the remaining clauses, one per "; "-separated
// part.
func splitMessage(msg string, first, rest int) (head, notes []string) {
	first, rest = max(first, 20), max(rest, 20)
	if textWidth(msg) <= first {
		return []string{msg}, nil
	}
	cuts := clauseCuts(msg)
	end := len(msg)
	k := 0 // cuts taken into the head
	if len(cuts) > 0 {
		end = cuts[0].at
		k = 1
		for k < len(cuts) && textWidth(msg[:end]) < minHead && textWidth(msg[:cuts[k].at]) <= first {
			end = cuts[k].at
			k++
		}
	}
	head = wrap(msg[:end], first, rest)
	if end == len(msg) {
		return head, nil
	}
	// The notes: what follows the head, cut at each "; ".
	start := end + 2
	for _, c := range cuts[k:] {
		if c.sep == ';' {
			notes = appendNonEmpty(notes, msg[start:c.at])
			start = c.at + 2
		}
	}
	return head, appendNonEmpty(notes, msg[start:])
}

func appendNonEmpty(list []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		list = append(list, s)
	}
	return list
}

// cut is a place where a message can be cut: the byte offset of a ": " or
// "; " separator.
type cut struct {
	at  int
	sep byte
}

// clauseCuts returns the ": " and "; " separators of msg outside double
// quotes, backquotes and brackets.
func clauseCuts(msg string) []cut {
	var cuts []cut
	var quote byte // the open quote, or 0
	depth := 0
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++ // an escaped character inside a quoted string
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '`':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth = max(depth-1, 0)
		case (c == ':' || c == ';') && depth == 0 && i+1 < len(msg) && msg[i+1] == ' ':
			cuts = append(cuts, cut{at: i, sep: c})
		}
	}
	return cuts
}

// wrap breaks text into lines at spaces: the first line at most first
// columns wide, the others at most rest. A line breaks after a comma rather
// than mid-clause when the comma is in its last 40% — or in its last 70%,
// when that saves a last line of a word or two; a word longer than a line is
// cut.
func wrap(text string, first, rest int) []string {
	lines := wrapAt(text, first, rest, 6)
	if n := len(lines); n > 1 && textWidth(lines[n-1]) < rest/4 {
		if other := wrapAt(text, first, rest, 3); len(other) == n {
			return other
		}
	}
	return lines
}

// wrapAt is wrap, breaking after a comma that ends a line's last
// (10-tenths)/10.
func wrapAt(text string, first, rest, tenths int) []string {
	var lines []string
	var line []string // the words of the line being filled
	width, limit := 0, first
	flush := func(n int) { // end the line after its first n words
		lines = append(lines, strings.Join(line[:n], " "))
		line = append([]string(nil), line[n:]...)
		width, limit = textWidth(strings.Join(line, " ")), rest
	}
	for _, word := range strings.Fields(text) {
		w := textWidth(word)
		if len(line) > 0 && width+1+w > limit {
			flush(commaBreak(line, limit, tenths))
		}
		for len(line) == 0 && w > limit { // a word longer than a line: cut it
			head, tail := cutWidth(word, limit)
			line = []string{head}
			flush(1)
			word, w = tail, textWidth(tail)
		}
		if len(line) > 0 {
			width++
		}
		line = append(line, word)
		width += w
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, strings.Join(line, " "))
	}
	return lines
}

// commaBreak returns how many of a full line's words to keep on it: up to
// the last one that ends with a comma, if that one ends after tenths/10 of
// the line, else all.
func commaBreak(words []string, limit, tenths int) int {
	width := 0
	best := len(words)
	for i, w := range words {
		width += textWidth(w)
		if strings.HasSuffix(w, ",") && i < len(words)-1 && width*10 >= limit*tenths {
			best = i + 1
		}
		width++
	}
	return best
}

// cutWidth splits s after at most n columns (at least one character).
func cutWidth(s string, n int) (string, string) {
	width := 0
	for i, r := range s {
		w := runeWidth(r)
		if width+w > n && i > 0 {
			return s[:i], s[i:]
		}
		width += w
	}
	return s, ""
}

// textWidth is the width of s in columns, counting every character as at
// least one: a line within a width is within as many characters too.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// runeWidth is the columns r takes on a terminal, at least one.
func runeWidth(r rune) int { return max(runewidth.RuneWidth(r), 1) }
