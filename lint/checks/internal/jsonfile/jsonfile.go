// Package jsonfile reports a JSON file of a plugin or marketplace that
// Claude Code cannot read: unreadable, with a byte order mark, not JSON, or
// not an object.
package jsonfile

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// ReportSyntax reports a JSON file that could not be read (prob), starts
// with a byte order mark, is not JSON (err) or is not an object (v); name
// names the file and consequence says what Claude Code then does.
func ReportSyntax(p *analysis.Pass, f *source.File, prob *skill.Problem, err *jsonpos.SyntaxError, v *jsonpos.Value, name, consequence string) {
	switch {
	case prob != nil:
		p.ReportPath(prob.Path, "%s; %s", prob.Message, consequence)
	case f != nil && f.HasBOM():
		p.ReportFix(f, 0, &analysis.Fix{Message: "remove the byte order mark", Edits: []analysis.Edit{{Start: 0, End: len(source.BOM)}}},
			"%s starts with a byte order mark, which JSON parsers reject; %s", name, consequence)
	case err != nil:
		p.Reportf(f, err.Offset, "%s: %s; %s", name, err.Message, consequence)
	case v != nil && v.Kind != jsonpos.Object:
		p.Reportf(f, v.Offset, "%s must be a JSON object, not %s; %s", name, v.Kind, consequence)
	}
}
