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

// htmlAnchor finds explicit anchors: <a id="x">, <a name="x">, id="x" on any
// element.
var htmlAnchor = regexp.MustCompile(`(?i)\b(?:id|name)\s*=\s*["']([^"']+)["']`)

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
	if bytes.Contains(d.File.Src, []byte("id=")) || bytes.Contains(d.File.Src, []byte("name=")) {
		for _, m := range htmlAnchor.FindAllSubmatch(d.File.Src, -1) {
			out[string(m[1])] = true
		}
	}
	return out
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
