package body

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkBroken is SK203: local links and images must point at files that exist. Documented in docs/SK203.md.
var linkBroken = &analysis.Rule{
	ID: "SK203", Alias: "link-broken", Severity: analysis.Error,
	Summary: "local links and images must point at files that exist",
	Skill:   checkLinkBroken,
}

func checkLinkBroken(p *analysis.Pass, s *skill.Skill) {
	reached, _ := links.Depths(s)
	var skillFile []byte
	if s.File != nil {
		skillFile = s.File.Src
	}
	inSkillFile := links.Names(skillFile)
	links.Each(p, s, func(d links.Doc, l markdown.Link, t links.Target) {
		if t.Kind == links.Skip || links.Template(d.Rel) || onTemplateLine(d.Doc.File.Src, l.Offset) || isWebPath(s, t) || forgePath(l.Dest) || existsFrom(s, t.Path) || t.Kind == links.Inside && s.Has(t.Path) {
			return // a template's links point where the document made from it will live
		}
		if _, ok := reached[d.Rel]; !ok && isRecord(d.Rel) && !inSkillFile(d.Rel) {
			return // a change log or an evaluation report citing what its author worked from
		}
		if inExampleTail(d.Doc, l.Offset) {
			return // part of an example document whose opening fence was lost
		}
		if host := schemelessHost(l.Dest); host != "" {
			p.AtMost(analysis.Warning).Reportf(d.Doc.File, l.Offset, "%s %s names the web site %s without https://, so it is read as a file of the skill, which does not exist; write https://%s", links.Word(l), msg.Quote(l.Dest), host, strings.TrimSpace(l.Dest))
			return
		}
		if fromSkillRoot(s, d.Rel, l.Dest) {
			// Claude, which knows the skill folder, finds a file of the
			// skill written so (as the specification writes paths); other
			// readers and renderers do not. A sibling skill's file is gone
			// once the skill is installed alone.
			if rt := links.Resolve("", l.Dest); rt.Kind == links.Inside && s.Has(rt.Path) {
				p.AtMost(analysis.Info).Reportf(d.Doc.File, l.Offset, "%s %s is written from the skill folder, where Claude finds %s; renderers and other readers look from %s and find nothing at %s: write it relative to this file for them", links.Word(l), msg.Quote(l.Dest), rt.Path, d.Rel, t.Path)
				return
			}
			p.AtMost(analysis.Warning).Reportf(d.Doc.File, l.Offset, "%s %s is written from the skill folder, not from %s, where it points at %s, which does not exist; write it relative to this file", links.Word(l), msg.Quote(l.Dest), d.Rel, t.Path)
			return
		}
		if t.Kind == links.Inside {
			if from := copiedFrom(p, s, d.Rel, l.Dest); from != "" {
				// A document shared between skills, copied with links to
				// files that only the original's skill holds: an index of
				// which this skill needs a part, often none.
				p.AtMost(analysis.Warning).Reportf(d.Doc.File, l.Offset, "%s %s points at %s, which does not exist in the skill folder; %s seems copied from %s, which has it: copy the file too, or drop the link if this skill does not need it", links.Word(l), msg.Quote(l.Dest), t.Path, d.Rel, from)
				return
			}
		}
		rp := p
		if _, ok := reached[d.Rel]; !ok || strings.HasPrefix(strings.TrimSpace(l.Dest), "~") || skillLike(t.Path) || inAside(d.Doc, l.Offset, t.Kind == links.Inside) {
			// A file nothing leads Claude to (a changelog, a README for
			// people), a note of where the author's own copy lives, a "see
			// also" to a skill or page by its name (no extension, so not a
			// file Claude reads), or a link out of the skill in a "Related"
			// or "References" section: the link is broken, but nothing the
			// skill needs is missing.
			rp = p.AtMost(analysis.Warning)
		}
		where := "in the skill folder"
		if t.Kind == links.Outside {
			where = "next to the skill"
		}
		rp.Reportf(d.Doc.File, l.Offset, "%s %s points at %s, which does not exist %s", links.Word(l), msg.Quote(l.Dest), t.Path, where)
	})
}

// forgeSegments are the path segments of a code forge's web pages (GitHub,
// GitLab): a link such as ../../pull/205, copied from a README that the
// forge renders, points at a page, not at a file of the repository.
var forgeSegments = []string{"pull", "pulls", "issues", "blob", "tree", "commit", "compare", "releases", "wiki", "discussions", "-"}

// forgePath reports a relative link through a forge's web pages.
func forgePath(dest string) bool {
	d := strings.TrimSpace(dest)
	if !strings.HasPrefix(d, "../") {
		return false
	}
	for _, seg := range strings.Split(d, "/") {
		if seg != ".." && seg != "." {
			return slices.Contains(forgeSegments, seg)
		}
	}
	return false
}

// fenceWithInfo matches a line that opens a fenced code block with an info
// string; a closing fence cannot carry one.
var fenceWithInfo = regexp.MustCompile("^\\s*(```+|~~~+)\\s*[A-Za-z]")

// inExampleTail reports a link at offset off that belongs to an example
// document whose opening fence was lost: the next fence after it, with no
// heading between, has no info string and either never closes or holds
// an opening fence with one, so it was written to close the example, and
// the link is the example's text, not the skill's.
func inExampleTail(doc *markdown.Document, off int) bool {
	for _, b := range doc.CodeBlocks {
		if b.Offset < off {
			continue
		}
		for _, h := range doc.Headings {
			if h.Offset > off && h.Offset < b.Offset {
				return false
			}
		}
		if b.Info != "" {
			return false
		}
		if !b.Closed {
			return true
		}
		for _, line := range b.Lines {
			if fenceWithInfo.MatchString(line.Text) {
				return true
			}
		}
		return false
	}
	return false
}

// evalReport matches the name of an evaluation or benchmark report.
var evalReport = regexp.MustCompile(`(?i)^(eval|evaluation|benchmark)[_-]?(result|report|run)s?([_-].*)?\.md$`)

// isRecord reports a change log or an evaluation report: a record of the
// skill's making, whose links cite the files and checkouts its author
// worked from.
func isRecord(rel string) bool {
	return links.ChangeLog(rel) || evalReport.MatchString(path.Base(rel))
}

// fromSkillRoot reports a link in a file below the skill folder (doc, "" for
// SKILL.md) that does not resolve from that file but names a file when read
// from the skill folder: ./SKILL.md or scripts/run.py written in
// references/guide.md, or ../other-skill/guide.md (a sibling's file).
func fromSkillRoot(s *skill.Skill, doc, dest string) bool {
	if doc == "" || !strings.Contains(doc, "/") {
		return false
	}
	t := links.Resolve("", dest)
	return t.Kind == links.Inside && s.Has(t.Path) || t.Kind != links.Skip && existsFrom(s, t.Path)
}

// skillLike reports a target that names a skill or a page rather than a
// file Claude reads: a SKILL.md, or a name without an extension (a folder, a
// skill named by its name, a page of a documentation site).
func skillLike(target string) bool {
	base := path.Base(target)
	return base == layout.SkillFileName || path.Ext(base) == ""
}

// webHost matches a link's first path segment that is a web site's host name
// (docs.claude.com, www.example.org): a letter-led dotted name ending in a
// common top-level domain, followed by a path.
var webHost = regexp.MustCompile(`^((?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|ai|app|co|gov|edu|cloud|info|me|so|tech))(?:/|$)`)

// schemelessHost returns the host of a link written as a web address without
// its scheme (docs.claude.com/en/docs), or "".
func schemelessHost(dest string) string {
	d := strings.TrimSpace(dest)
	m := webHost.FindStringSubmatch(strings.ToLower(d))
	if m == nil || !strings.Contains(d, "/") && !strings.HasPrefix(m[1], "www.") {
		return ""
	}
	return m[1]
}
