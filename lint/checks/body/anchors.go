package body

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
)

// headingID matches a heading attribute that sets the heading's id, as
// Pandoc, kramdown and many site generators read it: "Title {#id .class}".
var headingID = regexp.MustCompile(`\s*\{#([^\s}]+)[^}]*\}\s*$`)

// anchors returns the fragments a Markdown document defines: the slugs
// GitHub derives from its headings (duplicates numbered -1, -2, …), the ids
// heading attributes set ({#id}) and explicit HTML ids.
func anchors(d *markdown.Document) map[string]bool {
	out := map[string]bool{}
	count := map[string]int{}
	for _, h := range d.Headings {
		text := h.Text
		if m := headingID.FindStringSubmatchIndex(text); m != nil {
			out[text[m[2]:m[3]]] = true
			text = text[:m[0]]
		}
		slug := headingSlug(text)
		if n := count[slug]; n > 0 {
			out[slug+"-"+strconv.Itoa(n)] = true
		} else {
			out[slug] = true
		}
		count[slug]++
	}
	for _, id := range htmlIDs(d.File.Src) {
		out[id] = true
	}
	return out
}

// htmlIDs returns the values of explicit anchors: <a id="x">, <a name="x">,
// id="x" on any element — wherever id or name (any case, a whole word) is
// followed by "=" and a quoted value, spaces allowed around the "=". The
// value runs to the next quote of either kind. Matches do not overlap.
func htmlIDs(src []byte) []string {
	var ids []string
	from := 0 // where the next match may start
	for i := 0; ; i++ {
		eq := bytes.IndexByte(src[i:], '=')
		if eq < 0 {
			return ids
		}
		i += eq
		start := i
		for start > from && asciiSpace(src[start-1]) {
			start--
		}
		switch {
		case endsWithWord(src[from:start], "id"):
			start -= 2
		case endsWithWord(src[from:start], "name"):
			start -= 4
		default:
			continue
		}
		if start > 0 && wordByte(src[start-1]) {
			continue // part of a longer word (valid, data-id)
		}
		j := i + 1
		for j < len(src) && asciiSpace(src[j]) {
			j++
		}
		if j == len(src) || src[j] != '"' && src[j] != '\'' {
			continue
		}
		end := j + 1
		for end < len(src) && src[end] != '"' && src[end] != '\'' {
			end++
		}
		if end == len(src) || end == j+1 {
			continue // no closing quote, or an empty value
		}
		ids = append(ids, string(src[j+1:end]))
		from, i = end+1, end
	}
}

// endsWithWord reports whether b ends with word in any case.
func endsWithWord(b []byte, word string) bool {
	return len(b) >= len(word) && bytes.EqualFold(b[len(b)-len(word):], []byte(word))
}

// asciiSpace is \s in a regular expression: space, tab, newline, form feed,
// carriage return.
func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// wordByte is \w in a regular expression.
func wordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// headingSlug is GitHub's anchor for a heading: lower case, letters, digits,
// marks, underscores and hyphens kept, spaces turned into hyphens, everything
// else dropped.
func headingSlug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fragment returns the decoded #fragment of a link destination, or "".
func fragment(dest string) string {
	_, frag, ok := strings.Cut(dest, "#")
	if !ok {
		return ""
	}
	if f, err := url.PathUnescape(frag); err == nil {
		return f
	}
	return frag
}
