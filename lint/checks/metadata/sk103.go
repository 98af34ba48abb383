package metadata

import (
	"bytes"
	"os"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// frontmatterAfterBOM is SK103: a byte order mark before the frontmatter hides it from Claude Code. Documented in docs/SK103.md.
var frontmatterAfterBOM = &analysis.Rule{
	ID: "SK103", Alias: "frontmatter-after-bom", Severity: analysis.Error, Fixable: true,
	Summary: "a byte order mark before the frontmatter hides it from Claude Code",
	Skill:   checkFrontmatterAfterBOM,
}

func checkFrontmatterAfterBOM(p *analysis.Pass, s *skill.Skill) {
	if !s.Header.Found || !s.File.HasBOM() {
		return
	}
	fix := &analysis.Fix{Message: "remove the byte order mark", Edits: []analysis.Edit{{Start: 0, End: len(source.BOM)}}}
	if outer := referencingSkill(s.Dir); outer != "" {
		p.AtMost(analysis.Warning).ReportFix(s.File, 0, fix,
			"file starts with a byte order mark (U+FEFF): %s reads this SKILL.md as a reference file, where it does no harm, but installed on its own Claude Code finds no frontmatter and loads the skill without name or description", outer)
		return
	}
	p.ReportFix(s.File, 0, fix,
		"file starts with a byte order mark (U+FEFF): Claude Code then finds no frontmatter and loads the skill without name or description")
}

// referencingSkill returns the name of the nearest skill folder above dir
// whose SKILL.md names dir's SKILL.md by its path ("bash/SKILL.md"), for
// Claude to read as a reference file; "" when there is none.
func referencingSkill(dir string) string {
	for outer := filepath.Dir(dir); outer != filepath.Dir(outer); outer = filepath.Dir(outer) {
		src, err := os.ReadFile(filepath.Join(outer, layout.SkillFileName))
		if err != nil {
			if _, err := os.Stat(filepath.Join(outer, ".git")); err == nil {
				return "" // the top of the repository
			}
			continue
		}
		rel, err := filepath.Rel(outer, filepath.Join(dir, layout.SkillFileName))
		if err == nil && bytes.Contains(src, []byte(filepath.ToSlash(rel))) {
			return filepath.Base(outer)
		}
		return ""
	}
	return ""
}
