// Package links resolves the links of a skill's Markdown files against the
// skill folder, and finds the files that nothing links to or mentions.
package links

import (
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// SkillDirVar is the variable Claude Code replaces with the skill's folder.
const SkillDirVar = "${CLAUDE_SKILL_DIR}"

// SchemeLen returns the length of the URL scheme that starts d (RFC 3986:
// a letter, then letters, digits, "+", "-" or ".", then ":"), or 0.
func SchemeLen(d string) int {
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

// Kind classifies a link destination.
type Kind int

// Kinds of link destinations.
const (
	Skip    Kind = iota // external, anchor-only, or a template
	Inside              // a path inside the skill folder (target set)
	Outside             // a path leaving the skill folder
)

// Target is a link destination resolved against the skill folder.
type Target struct {
	Kind Kind
	// Path is the cleaned path relative to the skill folder, forward
	// slashes, "." for the folder itself.
	Path      string
	Backslash bool
}

// Resolve resolves dest, written in the file at rel (relative to the
// skill folder, "" for SKILL.md), against the skill folder.
func Resolve(rel, dest string) Target {
	d := strings.TrimSpace(dest)
	if d == "" || strings.HasPrefix(d, "#") || strings.HasPrefix(d, "//") {
		return Target{Kind: Skip}
	}
	if i := strings.IndexAny(d, "#?"); i >= 0 {
		d = d[:i]
	}
	if SchemeLen(d) > 1 {
		return Target{Kind: Skip} // http:, mailto:, … (one letter is a Windows drive)
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
	case strings.HasPrefix(d, SkillDirVar):
		d, fromRoot = strings.TrimPrefix(d, SkillDirVar), true
	case strings.ContainsAny(d, "<>{}$*"), strings.HasPrefix(d, "[") && strings.HasSuffix(d, "]"):
		return Target{Kind: Skip} // a placeholder ("<file>", "[Description]") or a glob, not a path
	}
	if !fromRoot && (path.IsAbs(d) || len(d) > 1 && d[1] == ':') {
		return Target{Kind: Outside, Path: d, Backslash: backslash}
	}
	base := "."
	if !fromRoot && rel != "" {
		base = path.Dir(rel)
	}
	target := path.Clean(path.Join(base, strings.TrimPrefix(d, "/")))
	if target == ".." || strings.HasPrefix(target, "../") {
		return Target{Kind: Outside, Path: target, Backslash: backslash}
	}
	return Target{Kind: Inside, Path: target, Backslash: backslash}
}

// Doc is one Markdown file of a skill and its links.
type Doc struct {
	Rel string // "" for SKILL.md
	Doc *markdown.Document
}

// Docs returns SKILL.md and the other Markdown files of the skill, in
// path order.
func Docs(s *skill.Skill) []Doc {
	out := make([]Doc, 0, len(s.Docs)+1)
	out = append(out, Doc{"", s.Body})
	for _, rel := range s.DocPaths() {
		out = append(out, Doc{rel, s.Docs[rel]})
	}
	return out
}

// resolvedLink is a link of one of the skill's files, resolved.
type resolvedLink struct {
	d  Doc
	l  markdown.Link
	ll Target
}

// resolvedLinks is every link of the skill's Markdown files, resolved once
// per skill.
var resolvedLinks = analysis.NewResult(func(s *skill.Skill) []resolvedLink {
	var out []resolvedLink
	for _, d := range Docs(s) {
		for _, l := range d.Doc.Links {
			out = append(out, resolvedLink{d, l, Resolve(d.Rel, l.Dest)})
		}
	}
	return out
})

// Each calls fn for every link of the skill's Markdown files.
func Each(p *analysis.Pass, s *skill.Skill, fn func(d Doc, l markdown.Link, ll Target)) {
	for _, r := range resolvedLinks.Of(p, s) {
		fn(r.d, r.l, r.ll)
	}
}

// IsMarkdown reports a Markdown file name.
func IsMarkdown(rel string) bool { return strings.EqualFold(path.Ext(rel), ".md") }

// Depths returns, for every Markdown file reachable from SKILL.md by
// links, the length of the shortest chain of links from SKILL.md (1 for a
// file SKILL.md links to), and for each file the link through which it was
// first reached.
func Depths(s *skill.Skill) (map[string]int, map[string]Via) {
	depth := map[string]int{"": 0}
	via := map[string]Via{}
	queue := []string{""}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		doc := s.Doc(cur)
		if doc == nil {
			continue
		}
		for _, l := range doc.Links {
			ll := Resolve(cur, l.Dest)
			if ll.Kind != Inside || !IsMarkdown(ll.Path) || ll.Path == layout.SkillFileName {
				continue
			}
			if _, seen := depth[ll.Path]; seen || s.Docs[ll.Path] == nil {
				continue
			}
			depth[ll.Path] = depth[cur] + 1
			via[ll.Path] = Via{From: cur, Link: l}
			queue = append(queue, ll.Path)
		}
	}
	return depth, via
}

// Via is the link through which a file was first reached.
type Via struct {
	From string
	Link markdown.Link
}

// Word names the kind of a link in a message: link, image or link definition.
func Word(l markdown.Link) string {
	switch {
	case l.Image:
		return "image"
	case l.Definition:
		return "link definition"
	}
	return "link"
}

// Unreferenced returns the files among those candidate selects that no
// Markdown file reachable from SKILL.md links to or mentions by path, folder
// or name. A Markdown file is reachable when a reachable file links to it or
// mentions it.
func Unreferenced(p *analysis.Pass, s *skill.Skill, candidate func(layout.File) bool) []string {
	linked := map[string]bool{}
	Each(p, s, func(_ Doc, _ markdown.Link, ll Target) {
		if ll.Kind == Inside {
			linked[ll.Path] = true
		}
	})
	var candidates []string
	for _, f := range s.Files {
		if candidate(f) && !linked[f.Rel] {
			candidates = append(candidates, f.Rel)
		}
	}
	if len(candidates) == 0 {
		return nil // the common case: every file is linked from somewhere
	}
	// Reachability by links and mentions, reading each reached file once.
	reached := map[string]bool{"": true}
	reachedLinks := map[string]bool{}
	var text strings.Builder
	docs := sortedDocs(s)
	for queue := []string{""}; len(queue) > 0; {
		rel := queue[0]
		queue = queue[1:]
		d := s.Doc(rel)
		lower := strings.ToLower(string(d.File.Src))
		text.WriteString(lower)
		text.WriteByte('\n')
		for _, l := range d.Links {
			if ll := Resolve(rel, l.Dest); ll.Kind == Inside {
				reachedLinks[ll.Path] = true
			}
		}
		// A document not reached yet is not mentioned in the text read
		// before: only the new file needs searching.
		for _, other := range docs {
			if !reached[other] && (reachedLinks[other] || Mentioned(lower, other)) {
				reached[other] = true
				queue = append(queue, other)
			}
		}
	}
	all := text.String()
	var out []string
	for _, rel := range candidates {
		// A reached document is linked or mentioned in the text read.
		if !reached[rel] && !reachedLinks[rel] && !Mentioned(all, rel) {
			out = append(out, rel)
		}
	}
	return out
}

// sortedDocs returns the relative paths of the skill's other Markdown files.
func sortedDocs(s *skill.Skill) []string {
	out := make([]string, 0, len(s.Docs))
	for rel := range s.Docs {
		out = append(out, rel)
	}
	sort.Strings(out)
	return out
}

// Mentioned reports whether text (lower-cased) names the file, ignoring case:
// by its path, its base name, a folder it is in, or its Python module path
// ("core/gif_builder.py" as "core.gif_builder").
func Mentioned(text, rel string) bool {
	rel = strings.ToLower(rel)
	if strings.Contains(text, rel) || strings.Contains(text, path.Base(rel)) {
		return true
	}
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if strings.Contains(text, dir) {
			return true
		}
	}
	if strings.HasSuffix(rel, ".py") {
		module := strings.ReplaceAll(strings.TrimSuffix(rel, ".py"), "/", ".")
		return strings.Contains(text, module)
	}
	return false
}

// Incidental reports a file that is not material for Claude: what a
// repository holds for people and tools (licence, readme, changelog, agent
// and contributor notes, dot files, package manifests), tests and evaluation
// fixtures, build output and vendored code. Nothing has to lead Claude to it.
func Incidental(rel string) bool {
	base := strings.ToUpper(path.Base(rel))
	for _, prefix := range []string{"LICENSE", "LICENCE", "README", "CHANGELOG", "CHANGES", "NOTICE", "COPYING", "AUTHORS",
		"CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY", "REQUIREMENTS", "AGENTS.MD", "CLAUDE.MD", "GEMINI.MD"} {
		if strings.HasPrefix(base, prefix) {
			return true
		}
	}
	switch base {
	case "PACKAGE.JSON", "PACKAGE-LOCK.JSON", "PYPROJECT.TOML", "GO.MOD", "GO.SUM", "CARGO.TOML", "CARGO.LOCK", "GEMFILE",
		"GEMFILE.LOCK", "UV.LOCK", "MAKEFILE", "DOCKERFILE", "TSCONFIG.JSON", "PNPM-LOCK.YAML", "YARN.LOCK":
		return true
	}
	if Fixture(rel) {
		return true
	}
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// Fixture reports a file in a folder of tests, evaluation fixtures, build
// output or vendored code.
func Fixture(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, part := range parts[:len(parts)-1] {
		switch strings.ToLower(part) {
		case "test", "tests", "__tests__", "testdata", "fixtures", "__fixtures__", "evals", "eval", "evaluations",
			"node_modules", "vendor", "dist", "build", "coverage":
			return true
		}
	}
	return false
}

// Executable reports a file that runs as a program: an executable bit, or
// a #! line.
func Executable(p *analysis.Pass, s *skill.Skill, f layout.File) bool {
	if !f.Mode.IsRegular() {
		return false
	}
	return f.Mode.Perm()&0o111 != 0 || shebangs.Of(p, s)[f.Rel]
}

// shebangs is the skill's text files that start with #!, read once.
var shebangs = analysis.NewResult(func(s *skill.Skill) map[string]bool {
	out := map[string]bool{}
	for _, tf := range s.Texts() {
		if strings.HasPrefix(string(tf.File.Src[:min(2, len(tf.File.Src))]), "#!") {
			out[tf.Rel] = true
		}
	}
	return out
})
