package body

import (
	"bytes"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// reportLineEndings reports a file that mixes CRLF and LF line endings, or,
// in the portable profile, one that uses CRLF at all.
func reportLineEndings(p *analysis.Pass, f *source.File) {
	crlf := bytes.Count(f.Src, []byte("\r\n"))
	lf := bytes.Count(f.Src, []byte("\n")) - crlf
	var msg string
	switch {
	case crlf > 0 && lf > 0:
		msg = "file mixes CRLF and LF line endings (%d and %d lines): tools that split on one kind misread the other lines"
	case crlf > 0 && p.Profile == analysis.Portable:
		msg = "file uses CRLF line endings (%d lines, %d LF): Anthropic's packager reads frontmatter with `^---\\n` and rejects it"
	default:
		return
	}
	fixed := bytes.ReplaceAll(f.Src, []byte("\r\n"), []byte("\n"))
	first := bytes.Index(f.Src, []byte("\r\n"))
	p.ReportFix(f, first, &analysis.Fix{Message: "use LF line endings",
		Edits: []analysis.Edit{{Start: 0, End: len(f.Src), New: string(fixed)}}}, msg, crlf, lf)
}
