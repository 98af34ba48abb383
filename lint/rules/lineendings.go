package rules

import (
	"bytes"

	"github.com/skillcheck-dev/skillcheck/lint/rule"
	"github.com/skillcheck-dev/skillcheck/lint/skill"
	"github.com/skillcheck-dev/skillcheck/lint/source"
)

func init() {
	register(&rule.Rule{
		ID: "SK220", Alias: "line-endings", Severity: rule.Warning, Portable: rule.Error, Fixable: true,
		Summary: "Markdown files should use one kind of line ending (LF for portable skills)",
		Skill: func(p *rule.Pass, s *skill.Skill) {
			for _, d := range skillDocs(s) {
				checkLineEndings(p, d.doc.File)
			}
		},
	})
}

// checkLineEndings reports a file that mixes CRLF and LF line endings, or,
// in the portable profile, one that uses CRLF at all.
func checkLineEndings(p *rule.Pass, f *source.File) {
	crlf := bytes.Count(f.Src, []byte("\r\n"))
	lf := bytes.Count(f.Src, []byte("\n")) - crlf
	var msg string
	switch {
	case crlf > 0 && lf > 0:
		msg = "file mixes CRLF and LF line endings (%d and %d lines): tools that split on one kind misread the other lines"
	case crlf > 0 && p.Profile == rule.Portable:
		msg = "file uses CRLF line endings (%d lines, %d LF): Anthropic's packager reads frontmatter with `^---\\n` and rejects it"
	default:
		return
	}
	fixed := bytes.ReplaceAll(f.Src, []byte("\r\n"), []byte("\n"))
	first := bytes.Index(f.Src, []byte("\r\n"))
	p.ReportFix(f, first, &rule.Fix{Message: "use LF line endings",
		Edits: []rule.Edit{{Start: 0, End: len(f.Src), New: string(fixed)}}}, msg, crlf, lf)
}
