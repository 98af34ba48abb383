package security

import (
	"path/filepath"

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
		p.ReportPath(filepath.Join(s.Dir, filepath.FromSlash(l.Rel)), "symbolic link to the %s %s leaves the skill folder%s: installed or copied elsewhere, it reaches whatever is at that place on the user's machine, or nothing; copy what it points to into the skill", what, msg.Quote(l.Target), followed)
	}
}
