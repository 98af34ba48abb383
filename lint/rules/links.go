package rules

import (
	"net/url"
	"path"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// skillDirVar is the variable Claude Code replaces with the skill's folder.
const skillDirVar = "${CLAUDE_SKILL_DIR}"

// schemeLen returns the length of the URL scheme that starts d (RFC 3986:
// a letter, then letters, digits, "+", "-" or ".", then ":"), or 0.
func schemeLen(d string) int {
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return i
		default:
			return 0
		}
	}
	return 0
}

// linkKind classifies a link destination.
type linkKind int

const (
	linkSkip    linkKind = iota // external, anchor-only, or a template
	linkLocal                   // a path inside the skill folder (target set)
	linkOutside                 // a path leaving the skill folder
)

// localLink is a link destination resolved against the skill folder.
type localLink struct {
	kind linkKind
	// target is the cleaned path relative to the skill folder, forward
	// slashes, "." for the folder itself.
	target    string
	backslash bool
}

// resolveLink resolves dest, written in the file at rel (relative to the
// skill folder, "" for SKILL.md), against the skill folder.
func resolveLink(rel, dest string) localLink {
	d := strings.TrimSpace(dest)
	if d == "" || strings.HasPrefix(d, "#") || strings.HasPrefix(d, "//") {
		return localLink{kind: linkSkip}
	}
	if i := strings.IndexAny(d, "#?"); i >= 0 {
		d = d[:i]
	}
	if schemeLen(d) > 1 {
		return localLink{kind: linkSkip} // http:, mailto:, … (one letter is a Windows drive)
	}
	if strings.Contains(d, "%") {
		if unescaped, err := url.PathUnescape(d); err == nil {
			d = unescaped
		}
	}
	backslash := strings.Contains(d, "\\")
	d = strings.ReplaceAll(d, "\\", "/")
	fromRoot := false
	switch {
	case strings.HasPrefix(d, skillDirVar):
		d, fromRoot = strings.TrimPrefix(d, skillDirVar), true
	case strings.ContainsAny(d, "<>{}$*"):
		return localLink{kind: linkSkip} // a placeholder or a glob, not a path
	}
	if !fromRoot && (path.IsAbs(d) || len(d) > 1 && d[1] == ':') {
		return localLink{kind: linkOutside, target: d, backslash: backslash}
	}
	base := "."
	if !fromRoot && rel != "" {
		base = path.Dir(rel)
	}
	target := path.Clean(path.Join(base, strings.TrimPrefix(d, "/")))
	if target == ".." || strings.HasPrefix(target, "../") {
		return localLink{kind: linkOutside, target: target, backslash: backslash}
	}
	return localLink{kind: linkLocal, target: target, backslash: backslash}
}

// docLinks is one Markdown file of a skill and its links.
type docLinks struct {
	rel string // "" for SKILL.md
	doc *markdown.Document
}

// skillDocs returns SKILL.md and the other Markdown files of the skill, in
// path order.
func skillDocs(s *skill.Skill) []docLinks {
	out := make([]docLinks, 0, len(s.Docs)+1)
	out = append(out, docLinks{"", s.Body})
	for _, rel := range s.DocPaths() {
		out = append(out, docLinks{rel, s.Docs[rel]})
	}
	return out
}

// resolvedLink is a link of one of the skill's files, resolved.
type resolvedLink struct {
	d  docLinks
	l  markdown.Link
	ll localLink
}

// resolvedLinks is every link of the skill's Markdown files, resolved once
// per skill.
var resolvedLinks = analysis.NewResult(func(s *skill.Skill) []resolvedLink {
	var out []resolvedLink
	for _, d := range skillDocs(s) {
		for _, l := range d.doc.Links {
			out = append(out, resolvedLink{d, l, resolveLink(d.rel, l.Dest)})
		}
	}
	return out
})

// eachLink calls fn for every link of the skill's Markdown files.
func eachLink(p *analysis.Pass, s *skill.Skill, fn func(d docLinks, l markdown.Link, ll localLink)) {
	for _, r := range resolvedLinks.Of(p, s) {
		fn(r.d, r.l, r.ll)
	}
}

// isMarkdown reports a Markdown file name.
func isMarkdown(rel string) bool { return strings.EqualFold(path.Ext(rel), ".md") }

// referenceDepths returns, for every Markdown file reachable from SKILL.md by
// links, the length of the shortest chain of links from SKILL.md (1 for a
// file SKILL.md links to), and for each file the link through which it was
// first reached.
func referenceDepths(s *skill.Skill) (map[string]int, map[string]reachedBy) {
	depth := map[string]int{"": 0}
	via := map[string]reachedBy{}
	queue := []string{""}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		doc := s.Doc(cur)
		if doc == nil {
			continue
		}
		for _, l := range doc.Links {
			ll := resolveLink(cur, l.Dest)
			if ll.kind != linkLocal || !isMarkdown(ll.target) || ll.target == layout.SkillFileName {
				continue
			}
			if _, seen := depth[ll.target]; seen || s.Docs[ll.target] == nil {
				continue
			}
			depth[ll.target] = depth[cur] + 1
			via[ll.target] = reachedBy{from: cur, link: l}
			queue = append(queue, ll.target)
		}
	}
	return depth, via
}

// reachedBy is the link through which a file was first reached.
type reachedBy struct {
	from string
	link markdown.Link
}
