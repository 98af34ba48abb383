package body

import (
	"os"
	"path"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkOutsideSkill is SK204: links must stay inside the skill folder. Documented in docs/SK204.md.
var linkOutsideSkill = &analysis.Rule{
	ID: "SK204", Alias: "link-outside-skill", Severity: analysis.Error,
	Summary: "links must stay inside the skill folder",
	Skill:   checkLinkOutsideSkill,
}

func checkLinkOutsideSkill(p *analysis.Pass, s *skill.Skill) {
	reached, _ := links.Depths(s)
	links.Each(p, s, func(d links.Doc, l markdown.Link, t links.Target) {
		if t.Kind != links.Outside || !existsFrom(s, t.Path) || inPlugin(s, t.Path) || siblingSkill(s, t.Path) != "" || namesSkill(s, t.Path) {
			return // broken links are SK203's; links within a plugin, to a sibling skill or to another skill SK219's
		}
		if _, ok := reached[d.Rel]; !ok || projectNote(t.Path) || isDir(s, t.Path) || inAside(d.Doc, l.Offset, false) {
			// A file nothing leads Claude to (a README for people), a
			// breadcrumb to the repository's notes or decision records, a
			// "see also" to a folder, or a link in a "Related" or
			// "References" section: the link leaves the skill, but the skill
			// does not need what it points at.
			p.AtMost(analysis.Info).Reportf(d.Doc.File, l.Offset, "%s %s leaves the skill folder: readers of a copied or installed skill find nothing there, which is fine for a pointer for people; copy the file in if the skill needs it", links.Word(l), msg.Quote(l.Dest))
			return
		}
		p.Reportf(d.Doc.File, l.Offset, "%s %s leaves the skill folder: a skill copied into .claude/skills/ or installed from a plugin loses it; copy the file into the skill", links.Word(l), msg.Quote(l.Dest))
	})
}

// projectNotes are the files a repository keeps for the people and agents
// working in it, which skills link to as breadcrumbs.
var projectNotes = []string{"readme.md", "claude.md", "agents.md", "changelog.md", "contributing.md"}

// decisionFolders hold a repository's decision records (ADRs) and design
// notes: the reasons behind the code, written for its maintainers.
var decisionFolders = []string{"adr", "adrs", "decisions"}

// projectNote reports a target that is one of a repository's notes or
// decision records.
func projectNote(target string) bool {
	if slices.Contains(projectNotes, strings.ToLower(path.Base(target))) {
		return true
	}
	for _, seg := range strings.Split(path.Dir(target), "/") {
		if slices.Contains(decisionFolders, strings.ToLower(seg)) {
			return true
		}
	}
	return false
}

// isDir reports a target that is a folder.
func isDir(s *skill.Skill, target string) bool {
	fi, err := os.Stat(onDisk(s, target))
	return err == nil && fi.IsDir()
}
