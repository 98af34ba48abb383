package security

import (
	"path"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// executableUnreferenced is SK742: executable files of a skill must be mentioned where Claude and reviewers look. Documented in docs/SK742.md.
var executableUnreferenced = &analysis.Rule{
	ID: "SK742", Alias: "executable-unreferenced", Severity: analysis.Warning,
	Summary: "executable files of a skill must be mentioned where Claude and reviewers look",
	Skill:   checkExecutableUnreferenced,
}

func checkExecutableUnreferenced(p *analysis.Pass, s *skill.Skill) {
	inReadme := links.ReadmeNames(s)
	executable := func(f layout.File) bool {
		return !links.Fixture(f.Rel) && links.Executable(p, s, f) && !inReadme(f.Rel)
	}
	for _, rel := range links.Unreferenced(p, s, executable) {
		p.ReportPath(path.Join(s.Dir, rel), "%s is executable, but nothing in SKILL.md or the files it refers to mentions it: a program no reviewer is pointed to can still be run; mention it in SKILL.md or remove it", rel)
	}
}
