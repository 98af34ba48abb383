package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// referenceTooDeep is SK205: reference files should be linked directly from SKILL.md. Documented in docs/SK205.md.
var referenceTooDeep = &analysis.Rule{
	ID: "SK205", Alias: "reference-too-deep", Severity: analysis.Warning,
	Summary: "reference files should be linked directly from SKILL.md",
	Skill:   checkReferenceTooDeep,
}

func checkReferenceTooDeep(p *analysis.Pass, s *skill.Skill) {
	depth, via := links.Depths(s)
	for rel, d := range depth {
		if d < 2 {
			continue
		}
		by := via[rel]
		p.Reportf(s.Doc(by.From).File, by.Link.Offset, "%s is reached only through %s, %d links away from SKILL.md: Claude may read nested references only partly; link it from SKILL.md", rel, by.From, d)
	}
}
