package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// referenceNoToc is SK207: reference files over 100 lines should open with a table of contents. Documented in docs/SK207.md.
var referenceNoToc = &analysis.Rule{
	ID: "SK207", Alias: "reference-no-toc", Severity: analysis.Info,
	Summary:   "reference files over 100 lines should open with a table of contents",
	FileScope: true,
	Skill:     checkReferenceNoToc,
}

func checkReferenceNoToc(p *analysis.Pass, s *skill.Skill) {
	for _, d := range links.Docs(s)[1:] {
		if n := d.Doc.File.Lines(); n > tocMinLines && !hasTOC(d.Doc) {
			p.Reportf(d.Doc.File, d.Doc.Start, "%s has %d lines but no table of contents near the top: Claude may preview only the start of a long file, so list its sections there", d.Rel, n)
		}
	}
}
