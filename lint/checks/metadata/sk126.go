package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// folderNameReserved is SK126: the folder name synced is reserved in Claude Code's skill locations. Documented in docs/SK126.md.
var folderNameReserved = &analysis.Rule{
	ID: "SK126", Alias: "folder-name-reserved", Severity: analysis.Warning,
	Summary: "the folder name synced is reserved in Claude Code's skill locations",
	Skill:   checkFolderNameReserved,
}

func checkFolderNameReserved(p *analysis.Pass, s *skill.Skill) {
	if strings.EqualFold(s.Name, "synced") {
		p.ReportPath(s.Dir, "folder name %q is reserved in personal, project and enterprise skill locations (in any capitalization): Claude Code skips a skill there", s.Name)
	}
}
