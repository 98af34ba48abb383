package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
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
	if s.Header.Found && s.File.HasBOM() {
		p.ReportFix(s.File, 0, &analysis.Fix{Message: "remove the byte order mark",
			Edits: []analysis.Edit{{Start: 0, End: len(source.BOM)}}},
			"file starts with a byte order mark (U+FEFF): Claude Code then finds no frontmatter and loads the skill without name or description")
	}
}
