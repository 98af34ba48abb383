package security

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// symlinkOutsideSkill is SK743: symbolic links must not lead out of the skill folder. Documented in docs/SK743.md.
var symlinkOutsideSkill = &analysis.Rule{
	ID: "SK743", Alias: "symlink-outside-skill", Severity: analysis.Warning, Input: true,
	Summary: "symbolic links must not lead out of the skill folder",
	Skill:   checkSymlinkOutsideSkill,
}

func checkSymlinkOutsideSkill(p *analysis.Pass, s *skill.Skill) {
	for _, l := range s.Links {
		if !l.Outside {
			continue
		}
		what, followed := "file", ""
		if l.Dir {
			what, followed = "folder", " (skillcheck does not follow it)"
		}
		link := filepath.Join(s.Dir, filepath.FromSlash(l.Rel))
		if withinRoot(s, link, l.Target) {
			p.AtMost(analysis.Info).ReportPath(link, "symbolic link to the %s %s leaves the skill folder but stays inside %s: it works in a clone of the repository, not when the skill folder is copied or installed alone%s", what, msg.Quote(l.Target), msg.Quote(filepath.ToSlash(s.Root)), followed)
			continue
		}
		p.ReportPath(link, "symbolic link to the %s %s leaves the skill folder%s: installed or copied elsewhere, it reaches whatever is at that place on the user's machine, or nothing; copy what it points to into the skill", what, msg.Quote(l.Target), followed)
	}
}

// withinRoot reports a relative link target that resolves, from the link at
// path link, to an existing place inside the folder the run walked: one
// part of the repository sharing a file with another.
func withinRoot(s *skill.Skill, link, target string) bool {
	if s.Root == "" || filepath.IsAbs(target) || strings.HasPrefix(target, "~") {
		return false
	}
	dest := filepath.Join(filepath.Dir(link), filepath.FromSlash(target))
	rel, err := filepath.Rel(s.Root, dest)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	_, err = os.Stat(dest)
	return err == nil
}
