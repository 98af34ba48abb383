// Package links resolves the links of a skill's Markdown files against the
// skill folder, and finds the files that nothing links to or mentions.
package links

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

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
	case strings.ContainsAny(d, "<>{}$*"), strings.HasPrefix(d, "[") && strings.HasSuffix(d, "]"),
		placeholderWords[strings.ToLower(d)], placeholderRun.MatchString(d):
		return Target{Kind: Skip} // a placeholder ("<file>", "[Description]", "url", "issue-NNN.png") or a glob, not a path
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

// placeholderWords are link destinations that stand for one to be filled
// in: "[Smith et al.](url)".
var placeholderWords = map[string]bool{"url": true, "link": true, "path": true, "link-or-path": true, "href": true, "...": true, "…": true}

// placeholderRun matches a run of N or X standing for a number to be filled
// in: "issue-NNN.png", "ADR-XXXX.md".
var placeholderRun = regexp.MustCompile(`(^|[^A-Za-z])(N{3,}|X{3,})([^A-Za-z]|$)`)

// Template reports a Markdown file that is the model of a document the skill
// makes (in a templates folder, or named as one template: report-template.md,
// not a file about templates) or a sample of one
// (expected outputs, fixtures): its links point where that document will
// live, not into the skill.
func Template(rel string) bool {
	if Fixture(rel) {
		return true
	}
	base := strings.ToLower(path.Base(rel))
	if strings.Contains(base, "template") && !strings.Contains(base, "templates") || strings.HasSuffix(base, ".tmpl") {
		return true
	}
	parts := strings.Split(strings.ToLower(rel), "/")
	for _, part := range parts[:len(parts)-1] {
		if part == "templates" || part == "template" {
			return true
		}
	}
	return false
}

// Doc is one Markdown file of a skill and its links.
type Doc struct {
	Rel string // "" for SKILL.md
	Doc *markdown.Document
}

// Docs returns SKILL.md and the other Markdown files of the skill, in
// path order. Markdown in a dot folder (.codex/, .cursor/, .github/) is left
// out unless a chain of links from SKILL.md reaches it: it is written for
// another agent or tool, and Claude does not read it as part of the skill.
func Docs(s *skill.Skill) []Doc {
	return docs(s, false)
}

// AllDocs returns SKILL.md and every other Markdown file of the skill, dot
// folders included, in path order: for checks of what the folder ships,
// whoever reads it.
func AllDocs(s *skill.Skill) []Doc {
	return docs(s, true)
}

func docs(s *skill.Skill, all bool) []Doc {
	out := make([]Doc, 0, len(s.Docs)+1)
	out = append(out, Doc{"", s.Body})
	var reached map[string]int
	for _, rel := range s.DocPaths() {
		if !all && inDotFolder(rel) {
			if reached == nil {
				reached, _ = Depths(s)
			}
			if _, ok := reached[rel]; !ok {
				continue
			}
		}
		out = append(out, Doc{rel, s.Docs[rel]})
	}
	return out
}

// inDotFolder reports a file in a folder whose name starts with a dot.
func inDotFolder(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, part := range parts[:len(parts)-1] {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
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

// Unreferenced returns the checked files among those candidate selects that
// no Markdown file reachable from SKILL.md links to or mentions by path,
// folder or name (see mentions). A Markdown file is reachable when a
// reachable file links to it or mentions it. In a folder over its budget
// (skill.Budget) it returns nothing: the Markdown that mentions a file may be
// past the budget, unread, and the folder is reported as a whole.
func Unreferenced(p *analysis.Pass, s *skill.Skill, candidate func(layout.File) bool) []string {
	if len(s.Checked) < len(s.Files) {
		return nil
	}
	refs := references.Of(p, s)
	var candidates []string
	for _, f := range s.Checked {
		if !refs.linked[f.Rel] && candidate(f) {
			candidates = append(candidates, f.Rel)
		}
	}
	if len(candidates) == 0 {
		return nil // the common case: every file is linked from somewhere
	}
	unref := refs.unreferenced()
	var out []string
	for _, rel := range candidates {
		if unref[rel] {
			out = append(out, rel)
		}
	}
	return out
}

// refs is what a skill's Markdown refers to.
type refs struct {
	// linked are the targets of the links of every Markdown file.
	linked map[string]bool
	// unreferenced returns the set of files that nothing reachable from
	// SKILL.md links to or mentions, computed on the first call.
	unreferenced func() map[string]bool
}

// references are computed once per skill, the files nothing refers to in
// time linear in the size of its Markdown and the length of its file names:
// each reachable file is read once, looking for every name at once.
var references = analysis.NewResult(func(s *skill.Skill) *refs {
	r := &refs{linked: map[string]bool{}}
	for _, d := range Docs(s) {
		for _, l := range d.Doc.Links {
			if ll := Resolve(d.Rel, l.Dest); ll.Kind == Inside {
				r.linked[ll.Path] = true
			}
		}
	}
	r.unreferenced = sync.OnceValue(func() map[string]bool {
		var unlinked []string
		for _, f := range s.Checked {
			if !r.linked[f.Rel] {
				unlinked = append(unlinked, f.Rel)
			}
		}
		w := newReach(s, unlinked)
		w.run()
		return w.pending
	})
	return r
})

// agentManifests are files other agents read from a skill folder, which
// may name more of its files.
var agentManifests = []string{"agents/openai.yaml", "agents/openai.yml"}

// reach walks the Markdown reachable from SKILL.md by links and mentions,
// until every file it looks for is linked or mentioned.
type reach struct {
	s *skill.Skill
	// names are the files whose mentions are looked for: the Markdown files
	// and the files no link names; owners maps each needle of the matcher
	// to the names it mentions.
	names  []string
	owners [][]int
	// fileOwners are owners less the files a needle names as their folder:
	// in a script, "bin" is more often /usr/bin than the skill's bin/.
	fileOwners [][]int
	matcher    *matcher
	// pending are the files no link names that reachable Markdown has not
	// linked to or mentioned yet; reached the Markdown files reached ("" is
	// SKILL.md).
	pending, reached map[string]bool
	queue            []string
	// texts are the skill's other text files (scripts, configuration) by
	// path: once reached, what they mention is reached too — a prompt that
	// a script the skill runs loads, an icon its agents/openai.yaml names.
	texts map[string][]byte
}

func newReach(s *skill.Skill, unlinked []string) *reach {
	r := &reach{s: s, pending: map[string]bool{}, reached: map[string]bool{"": true}, queue: []string{""}, texts: map[string][]byte{}}
	for _, rel := range unlinked {
		r.pending[rel] = true
	}
	for _, tf := range s.Texts() {
		if tf.Doc == nil {
			r.texts[tf.Rel] = tf.File.Src
			r.names = append(r.names, tf.Rel) // mentioned, it is read in turn
		}
	}
	for _, manifest := range agentManifests {
		if _, ok := r.texts[manifest]; ok {
			r.reached[manifest] = true // read by other agents whatever SKILL.md says
			r.queue = append(r.queue, manifest)
		}
	}
	r.names = append(r.names, s.DocPaths()...)
	r.names = append(r.names, unlinked...)
	slices.Sort(r.names)
	r.names = slices.Compact(r.names)
	byNeedle, byFileNeedle := map[string][]int{}, map[string][]int{}
	for i, rel := range r.names {
		folders := folderMentions(rel)
		for _, n := range mentions(rel) {
			if n == "" {
				r.found(rel) // every text contains ""
				continue
			}
			if own := byNeedle[n]; len(own) == 0 || own[len(own)-1] != i {
				byNeedle[n] = append(own, i)
			}
			if own := byFileNeedle[n]; !folders[n] && (len(own) == 0 || own[len(own)-1] != i) {
				byFileNeedle[n] = append(own, i)
			}
		}
	}
	needles := make([]string, 0, len(byNeedle))
	for n := range byNeedle {
		needles = append(needles, n)
	}
	slices.Sort(needles)
	r.owners, r.fileOwners = make([][]int, len(needles)), make([][]int, len(needles))
	for i, n := range needles {
		r.owners[i], r.fileOwners[i] = byNeedle[n], byFileNeedle[n]
	}
	r.matcher = newMatcher(needles)
	return r
}

// run reads the reachable Markdown files, each once, and stops when no
// file is pending.
func (r *reach) run() {
	for len(r.queue) > 0 && len(r.pending) > 0 {
		rel := r.queue[0]
		r.queue = r.queue[1:]
		src, owners := r.texts[rel], r.fileOwners
		if d := r.s.Doc(rel); d != nil {
			owners = r.owners
			for _, l := range d.Links {
				if ll := Resolve(rel, l.Dest); ll.Kind == Inside {
					r.found(ll.Path)
				}
			}
			src = d.File.Src
		}
		r.matcher.scan(src, func(needle int) bool {
			for _, i := range owners[needle] {
				r.found(r.names[i])
			}
			return len(r.pending) > 0
		})
	}
}

// found records a file that reachable Markdown links to or mentions, and
// queues it if it is Markdown not reached yet.
func (r *reach) found(rel string) {
	delete(r.pending, rel)
	if _, text := r.texts[rel]; !r.reached[rel] && (r.s.Docs[rel] != nil || text) {
		r.reached[rel] = true
		r.queue = append(r.queue, rel)
	}
}

// Incidental reports a file that is not material for Claude: what a
// repository holds for people and tools (licence, readme, changelog, agent
// and contributor notes, dot files, package manifests, tool configuration),
// what it holds for other agents (agents/openai.yaml, Cursor rules), tests
// (in test folders or named as tests), evaluation fixtures and expected
// outputs, build output and vendored code. Nothing has to lead Claude to it.
func Incidental(rel string) bool {
	base := strings.ToUpper(path.Base(rel))
	for _, prefix := range []string{"LICENSE", "LICENCE", "README", "CHANGELOG", "CHANGES", "NOTICE", "COPYING", "AUTHORS",
		"CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY", "REQUIREMENTS", "AGENTS.MD", "CLAUDE.MD", "GEMINI.MD",
		"ACKNOWLEDGEMENTS", "ACKNOWLEDGMENTS", "CODEOWNERS", "CITATION", "FUNDING", "MAINTAINERS"} {
		if strings.HasPrefix(base, prefix) {
			return true
		}
	}
	if ChangeLog(rel) {
		return true
	}
	if peopleNotes[separators.Replace(base)] {
		return true
	}
	switch base {
	case "PACKAGE.JSON", "PACKAGE-LOCK.JSON", "PYPROJECT.TOML", "GO.MOD", "GO.SUM", "CARGO.TOML", "CARGO.LOCK", "GEMFILE",
		"GEMFILE.LOCK", "UV.LOCK", "MAKEFILE", "DOCKERFILE", "TSCONFIG.JSON", "PNPM-LOCK.YAML", "YARN.LOCK", "__INIT__.PY":
		return true
	case "METADATA.JSON", // a skill's packaging metadata, read by the tools that publish it
		"SPEC.MD", "PRD.MD", "ARD.MD", // the maintainers' specification, product and architecture documents
		"TODO.MD", "ROADMAP.MD": // and their lists of what to do next
		return path.Dir(rel) == "."
	}
	if Fixture(rel) || otherAgent(rel) || testFile.MatchString(strings.ToUpper(rel)) || toolConfig.MatchString(base) {
		return true
	}
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// changeLogs are the names (upper case) that a change log's name starts
// with.
var changeLogs = []string{"CHANGELOG", "CHANGES", "HISTORY", "RELEASE_NOTES", "RELEASE-NOTES",
	"EVOLUTION-LOG", "EVOLUTION_LOG", "CREATION-LOG", "CREATION_LOG"}

// ChangeLog reports a change log, release notes or a log of the skill's
// making, by its name.
func ChangeLog(rel string) bool {
	base := strings.ToUpper(path.Base(rel))
	return slices.ContainsFunc(changeLogs, func(prefix string) bool { return strings.HasPrefix(base, prefix) })
}

// peopleNotes are the names (upper case, without '-' and '_') of summaries
// of a skill written for the people who use it: a one-page pitch, a quick
// reference of prompts to try, a how-to-use guide. Each points people to
// the skill, not Claude to material.
var peopleNotes = map[string]bool{"ONEPAGER.MD": true, "QUICKREF.MD": true, "HOWTOUSE.MD": true}

var separators = strings.NewReplacer("-", "", "_", "")

// packageManifests declare a package whose sources a build turns into what
// the skill runs.
var packageManifests = []string{"package.json", "tsconfig.json", "pyproject.toml", "setup.py", "Cargo.toml", "go.mod"}

// PackageSource reports a file under a src folder that sits beside a package
// manifest (tool/src/index.ts beside tool/package.json), or under the
// skill's own src folder when a folder above the skill, up to the folder
// linted, holds the manifest (a monorepo that builds each skill's tool):
// the source of a helper the skill runs built, which Claude does not read.
func PackageSource(s *skill.Skill, rel string) bool {
	segs := strings.Split(rel, "/")
	for i, seg := range segs[:len(segs)-1] {
		if seg != "src" {
			continue
		}
		dir := path.Join(segs[:i]...)
		for _, m := range packageManifests {
			if s.Has(path.Join(dir, m)) {
				return true
			}
		}
		if i == 0 && manifestAbove(s) {
			return true
		}
	}
	return false
}

// manifestAbove reports a package manifest in a folder above the skill's, up
// to the folder the run walked (s.Root), and not past a repository's top.
func manifestAbove(s *skill.Skill) bool {
	if s.Root == "" {
		return false
	}
	root := filepath.Clean(s.Root)
	for d := filepath.Clean(s.Dir); d != root && filepath.Dir(d) != d; {
		d = filepath.Dir(d)
		for _, m := range packageManifests {
			if _, err := os.Stat(filepath.Join(d, m)); err == nil {
				return true
			}
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return false
		}
	}
	return false
}

// toolConfig matches the configuration files of JavaScript tools
// (ESLINT.CONFIG.JS, VITEST.CONFIG.TS, …), upper-cased.
var toolConfig = regexp.MustCompile(`^[A-Z0-9_-]+\.CONFIG\.(JS|CJS|MJS|TS|CTS|MTS|JSON)$`)

// otherAgent reports a file written for another agent: a manifest in the
// skill's agents/ folder (OpenAI Codex reads agents/openai.yaml) or a Cursor
// rule (.mdc).
func otherAgent(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	if ext == ".mdc" {
		return true
	}
	dir, _, _ := strings.Cut(rel, "/")
	return strings.EqualFold(dir, "agents") && path.Dir(rel) == dir && (ext == ".yaml" || ext == ".yml")
}

// testFile reports a file named as a test, rel upper-cased: a test
// scenario for the skill at its top level (TEST-PRESSURE-1.MD), or a test
// named as Python, Go and JavaScript test runners find them (TEST_FILL.PY,
// FILL_TEST.GO, FILL.TEST.TS, FILL.SPEC.JS). Material about tests
// (ASSETS/TEST_REPORT_TEMPLATE.MD, REFERENCES/TEST-SETUP.MD) is not one.
var testFile = regexp.MustCompile(`^TEST[-_][^/]*\.MD$|(^|/)(TEST_[^/]*\.PY|[^/]*_TEST\.(GO|PY)|[^/]*\.(TEST|SPEC)\.(JS|JSX|TS|TSX|MJS|CJS))$`)

// repositoryNote matches what the root of a repository holds for the people
// who maintain it: top-level notes named in capitals (STRUCTURE.md,
// PUBLISHING.md, RELEASE_NOTES_v1.0.3.md).
var repositoryNote = regexp.MustCompile(`^[A-Z][A-Z0-9_-]*([_-]v?[0-9][0-9.]*)?\.(md|MD|txt|rst)$`)

// RepositoryRoot reports a skill folder that is also the root of a
// repository: it holds .git or .github.
func RepositoryRoot(s *skill.Skill) bool {
	for _, name := range []string{".git", ".github"} {
		if _, err := os.Lstat(filepath.Join(s.Dir, name)); err == nil {
			return true
		}
	}
	return false
}

// RepositoryNote reports a top-level file of a repository-root skill (see
// RepositoryRoot) that is a note for its maintainers, not for Claude:
// named in capitals, as STRUCTURE.md or PUBLISHING.md are.
func RepositoryNote(rel string) bool {
	return !strings.Contains(rel, "/") && rel != layout.SkillFileName && repositoryNote.MatchString(rel)
}

// Fixture reports a file in a folder of tests, evaluation fixtures, expected
// outputs, build output or vendored code.
func Fixture(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, part := range parts[:len(parts)-1] {
		switch strings.ToLower(part) {
		case "test", "tests", "__tests__", "testdata", "fixtures", "__fixtures__", "evals", "eval", "evaluations",
			"expected_outputs", "expected_output", "node_modules", "vendor", "dist", "build", "coverage":
			return true
		}
	}
	return false
}

// Executable reports a file that runs as a program: an executable bit, or
// a #! line outside a folder of source code (src, lib), where a #! line
// marks a module that a build compiles or an entry point imports, not a
// program run on its own.
func Executable(p *analysis.Pass, s *skill.Skill, f layout.File) bool {
	if !f.Mode.IsRegular() {
		return false
	}
	return f.Mode.Perm()&0o111 != 0 || shebangs.Of(p, s)[f.Rel] && !inSource(f.Rel)
}

// inSource reports a file in a folder of source code.
func inSource(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, part := range parts[:len(parts)-1] {
		switch strings.ToLower(part) {
		case "src", "lib":
			return true
		}
	}
	return false
}

// ReadmeNames returns a function reporting whether a README names the file
// at rel, by path or by name: the README at the top of the skill folder, or
// one in the file's own folder or a folder above it (a tools folder that
// documents its scripts). People reviewing the skill are pointed to it
// there.
func ReadmeNames(s *skill.Skill) func(rel string) bool {
	texts := map[string][]byte{} // the READMEs of each folder
	for _, rel := range s.DocPaths() {
		if strings.HasPrefix(strings.ToUpper(path.Base(rel)), "README") {
			dir := path.Dir(rel)
			texts[dir] = append(texts[dir], s.Docs[rel].File.Src...)
		}
	}
	names := make(map[string]func(string) bool, len(texts))
	for dir, text := range texts {
		names[dir] = Names(text)
	}
	return func(rel string) bool {
		for dir := path.Dir(rel); ; dir = path.Dir(dir) {
			if named := names[dir]; named != nil && named(rel) {
				return true
			}
			if dir == "." || dir == "/" {
				return false
			}
		}
	}
}

// SpecNames returns a function reporting whether the maintainers'
// specification at the top of the skill folder (SPEC.md) names the file at
// rel, by path or by name: it is the maintainers' material (sources,
// evaluation playbooks), described where they keep their notes.
func SpecNames(s *skill.Skill) func(rel string) bool {
	var text []byte
	for _, rel := range s.DocPaths() {
		if strings.EqualFold(rel, "SPEC.md") {
			text = s.Docs[rel].File.Src
		}
	}
	return Names(text)
}

// Names returns a function reporting whether text names the file at rel
// (relative to the skill folder) by its path or by its name, in any case.
// The text is lowered on the first call: most callers never make one.
func Names(text []byte) func(rel string) bool {
	lowered := sync.OnceValue(func() []byte { return bytes.ToLower(text) })
	return func(rel string) bool {
		lower := lowered()
		rel = strings.ToLower(rel)
		return len(lower) > 0 && (bytes.Contains(lower, []byte(rel)) || bytes.Contains(lower, []byte(path.Base(rel))))
	}
}

// LoadedByCode returns those of the files at rels that a program of the
// skill other than the file itself (a script or source file that is not a
// test) names in a quoted string that is its name or ends with "/" and its
// name: the program loads it (a configuration, a template, presets), so
// Claude does not need to know of it. It reads each program once.
func LoadedByCode(s *skill.Skill, rels []string) map[string]bool {
	loaded := map[string]bool{}
	if len(rels) == 0 {
		return loaded
	}
	byName := map[string][]string{}
	for _, rel := range rels {
		name := strings.ToLower(path.Base(rel))
		byName[name] = append(byName[name], rel)
	}
	for _, tf := range s.Texts() {
		src := tf.File.Src
		if tf.Doc != nil || Incidental(tf.Rel) || !SourceCode(tf.Rel) && !bytes.HasPrefix(src, []byte("#!")) {
			continue
		}
		eachQuoted(src, func(lit []byte) {
			if k := bytes.LastIndexByte(lit, '/'); k >= 0 {
				lit = lit[k+1:]
			}
			for _, rel := range byName[strings.ToLower(string(lit))] {
				if rel != tf.Rel {
					loaded[rel] = true
				}
			}
		})
	}
	return loaded
}

// sourceExts are the extensions of program source files.
var sourceExts = map[string]bool{".py": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".mts": true, ".cts": true,
	".tsx": true, ".jsx": true, ".go": true, ".rb": true, ".sh": true, ".bash": true, ".zsh": true, ".ps1": true,
	".java": true, ".kt": true, ".rs": true, ".c": true, ".cc": true, ".cpp": true, ".h": true, ".hpp": true, ".php": true,
	".swift": true, ".lua": true, ".pl": true, ".cs": true, ".scala": true, ".dart": true}

// SourceCode reports a program's source file, by its extension.
func SourceCode(rel string) bool {
	return sourceExts[strings.ToLower(path.Ext(rel))]
}

// maxQuoted bounds the length of a quoted string that can name a file.
const maxQuoted = 300

// eachQuoted calls fn with each string in single or double quotes that
// closes on its line within maxQuoted bytes.
func eachQuoted(src []byte, fn func(lit []byte)) {
	for i := 0; i < len(src); {
		k := bytes.IndexAny(src[i:], `"'`)
		if k < 0 {
			return
		}
		i += k
		rest := src[i+1 : min(len(src), i+1+maxQuoted)]
		end := bytes.IndexByte(rest, src[i])
		if end < 0 || bytes.IndexByte(rest[:end], '\n') >= 0 {
			i++ // not closed on its line: an apostrophe, or a longer string
			continue
		}
		fn(rest[:end])
		i += end + 2
	}
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
