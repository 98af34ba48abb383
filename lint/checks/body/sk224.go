package body

import (
	"fmt"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// FolderTooLarge is SK224: a skill folder should hold at most 500 files and
// 32 MiB. Files past that budget are not checked one by one; the engine
// checks every file when the rule is off. Documented in docs/SK224.md.
var FolderTooLarge = &analysis.Rule{
	ID: "SK224", Alias: "folder-too-large", Severity: analysis.Warning, Input: true,
	Summary: "a skill folder should hold at most 500 files and 32 MiB",
	Skill:   checkFolderTooLarge,
}

func checkFolderTooLarge(p *analysis.Pass, s *skill.Skill) {
	if len(s.Checked) == len(s.Files) {
		return
	}
	var size int64
	for _, f := range s.Files {
		size += f.Size
	}
	if s.File != nil {
		size += int64(len(s.File.Src))
	}
	p.ReportPath(s.Dir, "skill folder holds %s files, %.1f MiB: Claude Code copies all of it on install; %s of them, past skillcheck's budget of %d files and %d MiB in path order, were not checked",
		thousands(len(s.Files)+1), float64(size)/(1<<20), thousands(len(s.Files)-len(s.Checked)),
		skill.DefaultBudget.Files, skill.DefaultBudget.Bytes>>20)
}

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
