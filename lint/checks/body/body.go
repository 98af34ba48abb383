package body

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Body limits from the specification and Anthropic's best practices.
const (
	bodyMaxLines  = 500
	bodyMaxTokens = 5000
	// tocMinLines is the length from which a reference file should open with
	// a table of contents (best practices: "longer than 100 lines").
	tocMinLines = 100
	// tocWindow is how many lines from the top a table of contents may start.
	tocWindow = 40
)

// inPlugin reports whether target (relative to the skill folder, leaving it)
// stays inside the plugin the skill belongs to.
func inPlugin(s *skill.Skill, target string) bool {
	if s.PluginRoot == "" || path.IsAbs(target) {
		return false
	}
	rel, err := filepath.Rel(s.PluginRoot, filepath.Join(s.Dir, filepath.FromSlash(target)))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// existsFrom reports whether target (relative to the skill folder, or
// absolute) exists.
func existsFrom(s *skill.Skill, target string) bool {
	_, err := os.Stat(onDisk(s, target))
	return err == nil
}

// onDisk returns the path of target (relative to the skill folder, or
// absolute) on disk.
func onDisk(s *skill.Skill, target string) string {
	p := filepath.FromSlash(target)
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.Dir, p)
	}
	return p
}

// isWebPath reports an absolute link that names no file: a site-root path
// copied from web documentation ("/docs/api/auth"), which a reader follows on
// the web, not on disk.
func isWebPath(s *skill.Skill, t links.Target) bool {
	return t.Kind == links.Outside && path.IsAbs(t.Path) && !existsFrom(s, t.Path)
}

// siblingSkill returns the name of the skill folder next to this one that
// target (relative to the skill folder, leaving it) points into, or "".
func siblingSkill(s *skill.Skill, target string) string {
	if path.IsAbs(target) {
		return ""
	}
	parent := filepath.Dir(filepath.Clean(s.Dir))
	rel, err := filepath.Rel(parent, filepath.Join(s.Dir, filepath.FromSlash(target)))
	if err != nil || !filepath.IsLocal(rel) {
		return ""
	}
	name, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	if _, err := os.Stat(filepath.Join(parent, name, layout.SkillFileName)); err != nil {
		return ""
	}
	return name
}

var tocHeading = regexp.MustCompile(`(?i)\b(contents|toc|index|overview|sections)\b`)

// hasTOC reports a table of contents near the top: a heading such as
// "Contents", or two or more links to headings of the file.
func hasTOC(d *markdown.Document) bool {
	limit := d.File.LineStart(d.File.Position(d.Start).Line + tocWindow)
	for _, h := range d.Headings {
		if h.Offset < limit && tocHeading.MatchString(h.Text) {
			return true
		}
	}
	anchors := 0
	for _, l := range d.Links {
		if l.Offset < limit && strings.HasPrefix(l.Dest, "#") {
			anchors++
		}
	}
	return anchors >= 2
}

// checkUnreferenced reports files that nothing in the skill refers to. An
// executable that the README does not name either is SK742's.
func checkUnreferenced(p *analysis.Pass, s *skill.Skill) {
	root := links.RepositoryRoot(s)
	inReadme, inSpec := links.ReadmeNames(s), links.SpecNames(s)
	candidate := func(f layout.File) bool {
		return !links.Incidental(f.Rel) && !(root && links.RepositoryNote(f.Rel)) && !links.PackageSource(s, f.Rel) &&
			(!links.Executable(p, s, f) || inReadme(f.Rel)) && !inSpec(f.Rel)
	}
	unreferenced := links.Unreferenced(p, s, candidate)
	loaded := links.LoadedByCode(s, unreferenced)
	for _, rel := range unreferenced {
		if loaded[rel] {
			continue // a program of the skill loads it
		}
		p.ReportPath(path.Join(s.Dir, rel), "nothing in SKILL.md or the files it refers to mentions %s: Claude will not find it; link it from SKILL.md or remove it", rel)
	}
}
