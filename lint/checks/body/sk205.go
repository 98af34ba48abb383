package body

import (
	"bytes"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// referenceTooDeep is SK205: reference files should be linked directly from SKILL.md. Documented in docs/SK205.md.
var referenceTooDeep = &analysis.Rule{
	ID: "SK205", Alias: "reference-too-deep", Severity: analysis.Warning,
	Summary: "reference files should be linked directly from SKILL.md",
	Skill:   checkReferenceTooDeep,
}

func checkReferenceTooDeep(p *analysis.Pass, s *skill.Skill) {
	depth, via := links.Depths(s)
	type deep struct {
		rel string
		by  links.Via
		d   int
	}
	// The folders two levels deep or more (a plugin's, a task's) of the files
	// SKILL.md links: SKILL.md may name the other files there by their base
	// names. A top-level folder such as references/ is no such unit.
	linkedDirs := map[string]bool{}
	for rel, d := range depth {
		if dir := path.Dir(rel); d == 1 && strings.Contains(dir, "/") {
			linkedDirs[dir] = true
		}
	}
	src := s.Body.File.Src
	byIndex := map[string][]deep{} // the files reached only through each file
	for _, rel := range slices.Sorted(maps.Keys(depth)) {
		d := depth[rel]
		if d < 2 || namedIn(src, rel, linkedDirs) {
			continue
		}
		by := via[rel]
		if onNavigationLine(s.Doc(by.From).File.Src, by.Link.Offset) {
			continue // a breadcrumb or a footer for people, not a route to material
		}
		byIndex[by.From] = append(byIndex[by.From], deep{rel, by, d})
	}
	for _, from := range slices.Sorted(maps.Keys(byIndex)) {
		files := byIndex[from]
		doc := s.Doc(from)
		switch {
		case path.Base(from) == layout.SkillFileName:
			p.AtMost(analysis.Info).Reportf(doc.File, 0, "%s is a SKILL.md inside this skill, which Claude Code reads only as a reference file: the %d files that only it links are two links from SKILL.md; make it a skill of its own, or keep it as a deliberate second-level index", from, len(files))
		case len(files) >= minIndexFiles && isLinkIndex(doc):
			p.AtMost(analysis.Info).Reportf(doc.File, 0, "%s is a short index of links that Claude reads whole: the %d files that only it links are two links from SKILL.md, which is fine for an index SKILL.md presents as one", from, len(files))
		default:
			for _, f := range files {
				p.Reportf(doc.File, f.by.Link.Offset, "%s is reached only through %s, %d links away from SKILL.md: Claude may read nested references only partly; link it from SKILL.md", f.rel, from, f.d)
			}
		}
	}
}

// An index is a file of at most maxIndexLines lines, most of whose text
// lines hold a link (minIndexShare), through which alone at least
// minIndexFiles files are reached: a routing table, which Claude reads
// whole, not a document with a few links in it.
const (
	minIndexFiles = 10
	maxIndexLines = 150
	minIndexShare = 0.75
)

// tableRule matches the rule line under a Markdown table's header.
var tableRule = regexp.MustCompile(`^\s*\|?[\s:|-]+\|?\s*$`)

// isLinkIndex reports a short document whose text lines (outside code
// blocks, headings and table rules) are mostly links.
func isLinkIndex(doc *markdown.Document) bool {
	src := doc.File.Src
	if bytes.Count(src, []byte("\n")) > maxIndexLines {
		return false
	}
	text, linked := 0, 0
	li, ci := 0, 0
	for start := doc.Start; start < len(src); {
		end := start + bytes.IndexByte(src[start:], '\n')
		if end < start {
			end = len(src)
		}
		line := bytes.TrimSpace(src[start:end])
		for ci < len(doc.CodeBlocks) && doc.CodeBlocks[ci].End <= start {
			ci++
		}
		inCode := ci < len(doc.CodeBlocks) && doc.CodeBlocks[ci].Offset <= start
		if len(line) > 0 && !inCode && line[0] != '#' && !tableRule.Match(line) {
			text++
			for li < len(doc.Links) && doc.Links[li].Offset < start {
				li++
			}
			if li < len(doc.Links) && doc.Links[li].Offset < end {
				linked++
			}
		}
		start = end + 1
	}
	return text > 0 && float64(linked) >= minIndexShare*float64(text)
}

// namesFolder reports whether text names a folder of the file at rel, two
// levels deep or more, with its trailing slash ("`reference/scenarios/`"):
// Claude lists that folder and finds the file. A top-level folder alone
// ("references/") says too little to count.
func namesFolder(text []byte, rel string) bool {
	for dir := path.Dir(rel); strings.Contains(dir, "/"); dir = path.Dir(dir) {
		if namesPath(text, dir+"/") {
			return true
		}
	}
	return false
}

// namedIn reports whether SKILL.md's text names the file at rel so that
// Claude can open it from there: by a pattern for its folder's files, by
// its base name beside a file SKILL.md links (a folder in linkedDirs), or
// by its path or folder, written from the skill folder or from a folder
// below it.
func namedIn(src []byte, rel string, linkedDirs map[string]bool) bool {
	dir := path.Dir(rel)
	if namesPattern(src, dir) || linkedDirs[dir] && namesPath(src, path.Base(rel)) {
		return true
	}
	return slices.ContainsFunc(tails(rel), func(t string) bool { return namesPath(src, t) || namesFolder(src, t) })
}

// namesPattern reports whether text names the files of the folder dir by
// a pattern Claude fills in: dir/ followed by a placeholder or a wildcard
// ("reference/<group>.md", "reference/{topic}.md", "reference/*.md").
func namesPattern(text []byte, dir string) bool {
	if dir == "." {
		return false
	}
	needle := []byte(dir + "/")
	for i := 0; ; {
		j := bytes.Index(text[i:], needle)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(needle)
		if (start == 0 || !pathByte(text[start-1])) && end < len(text) && bytes.IndexByte([]byte("<{*"), text[end]) >= 0 {
			return true
		}
		i += j + 1
	}
}

// tails returns rel and the paths left when its leading folders are taken
// off one by one, while a folder remains: SKILL.md may write a path from the
// folder its references are in ("coded/lifecycle/running.md" for
// references/coded/lifecycle/running.md).
func tails(rel string) []string {
	out := []string{rel}
	for {
		_, rest, ok := strings.Cut(rel, "/")
		if !ok || !strings.Contains(rest, "/") {
			return out
		}
		out = append(out, rest)
		rel = rest
	}
}

// namesPath reports whether text names the file at rel (relative to the
// skill folder) by its whole path, in a code span or in prose
// ("`references/errors.md`", "./references/errors.md"): Claude can open it
// from there as it would follow a link.
func namesPath(text []byte, rel string) bool {
	needle := []byte(rel)
	for i := 0; ; {
		j := bytes.Index(text[i:], needle)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(needle)
		if bytes.HasSuffix(text[:start], []byte("./")) {
			start -= 2
		}
		if (start == 0 || !pathByte(text[start-1])) && (end == len(text) || !pathByte(text[end]) || text[end] == '.') {
			return true
		}
		i += j + 1
	}
}

// pathByte reports a byte that can be part of a path written in text.
func pathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || bytes.IndexByte([]byte("_-./"), c) >= 0
}
