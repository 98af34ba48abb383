package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// markdownTooDeep is SK222: lists and block quotes must not nest more than 32 levels deep. Documented in docs/SK222.md.
var markdownTooDeep = &analysis.Rule{
	ID: "SK222", Alias: "markdown-too-deep", Severity: analysis.Error,
	Summary: "lists and block quotes must not nest more than 32 levels deep",
	Skill:   checkMarkdownTooDeep,
}

func checkMarkdownTooDeep(p *analysis.Pass, s *skill.Skill) {
	for _, d := range links.Docs(s) {
		if deep := d.Doc.TooDeep; deep != nil {
			p.Reportf(d.Doc.File, deep.Offset,
				"lists and quotes nest %d levels deep here (%d lines over %d): skillcheck does not parse those lines, so their links and code go unchecked; flatten the structure",
				deep.Depth, deep.Lines, markdown.MaxNesting)
		}
	}
}
