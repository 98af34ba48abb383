package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// codeBlockFileName is SK309: file= must name a plain Go file: letters, digits and underscores, then .go. Documented in docs/SK309.md.
var codeBlockFileName = &analysis.Rule{
	ID: "SK309", Alias: "code-block-file-name", Severity: analysis.Error,
	Summary: "file= must name a plain Go file: letters, digits and underscores, then .go",
	Skill:   checkCodeBlockFileName,
}

func checkCodeBlockFileName(p *analysis.Pass, s *skill.Skill) {
	for _, d := range links.Docs(s) {
		for _, b := range d.Doc.CodeBlocks {
			if info := b.ParseInfo(); info.BadFile != "" {
				p.Reportf(d.Doc.File, b.InfoOffset, "file=%s is not a plain Go file name (letters, digits and _ then .go): the block is checked as an unnamed file", info.BadFile)
			}
		}
	}
}
