// Package safetext makes text from untrusted files safe to print: file
// names, YAML values and link targets from a skill end up in diagnostics, and
// a terminal or a CI log must show them, not obey them.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text returns s with every character that a terminal or log viewer would
// act on instead of showing written as an escape: C0 and C1 control
// characters and DEL (`\x1b`, `\n`, `\t`, `\u009b`), the bidirectional
// controls that reorder what follows (`\u202e`), and bytes that are not
// UTF-8 (`\xff`). Everything else, backslashes included, is kept.
func Text(s string) string {
	if plain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f || bidi(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// plain reports text of printable ASCII only, which needs no escaping.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// bidi reports the Unicode controls that change the order text is shown in.
func bidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// JSON returns encoded JSON with the characters encoding/json leaves raw but
// a terminal acts on — DEL, C1 controls and bidirectional controls — written
// as \u escapes. Such characters only occur inside JSON strings, where the
// escape means the same character, so the document's value is unchanged.
func JSON(b []byte) []byte {
	if plainJSON(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || r >= 0x80 && r <= 0x9f || bidi(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// plainJSON reports encoded JSON without DEL or any non-ASCII byte.
func plainJSON(b []byte) bool {
	for _, c := range b {
		if c >= 0x7f {
			return false
		}
	}
	return true
}
