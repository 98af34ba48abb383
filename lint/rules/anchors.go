package rules

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// htmlAnchor finds explicit anchors: <a id="x">, <a name="x">, id="x" on any
// element.
var htmlAnchor = regexp.MustCompile(`(?i)\b(?:id|name)\s*=\s*["']([^"']+)["']`)

// anchors returns the fragments a Markdown document defines: the slugs
// GitHub derives from its headings (duplicates numbered -1, -2, …) and
// explicit HTML ids.
func anchors(d *markdown.Document) map[string]bool {
	out := map[string]bool{}
	count := map[string]int{}
	for _, h := range d.Headings {
		slug := headingSlug(h.Text)
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

func init() {
	register(&analysis.Rule{
		ID: "SK221", Alias: "link-anchor-missing", Severity: analysis.Warning,
		Summary: "a link to #section must name a heading of the file it points at",
		Skill: func(p *analysis.Pass, s *skill.Skill) {
			cache := map[string]map[string]bool{}
			docAnchors := func(rel string) map[string]bool {
				if a, ok := cache[rel]; ok {
					return a
				}
				var a map[string]bool
				if d := s.Doc(rel); d != nil {
					a = anchors(d)
				}
				cache[rel] = a
				return a
			}
			for _, d := range skillDocs(s) {
				for _, l := range d.doc.Links {
					frag := fragment(l.Dest)
					if frag == "" {
						continue
					}
					target := d.rel
					if !strings.HasPrefix(strings.TrimSpace(l.Dest), "#") {
						ll := resolveLink(d.rel, l.Dest)
						if ll.kind != linkLocal || !isMarkdown(ll.target) {
							continue
						}
						target = ll.target
						if target == "SKILL.md" {
							target = ""
						}
					}
					if a := docAnchors(target); a != nil && !a[frag] {
						name := target
						if name == "" {
							name = "SKILL.md"
						}
						p.Reportf(d.doc.File, l.Offset, "%s %s points at #%s, but %s has no heading with that anchor", linkWord(l), quote(l.Dest), frag, name)
					}
				}
			}
		},
	})
}
