package metadata

import (
	"strconv"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// descriptionMultiline is SK136: description should be a single line. Documented in docs/SK136.md.
var descriptionMultiline = &analysis.Rule{
	ID: "SK136", Alias: "description-multiline", Severity: analysis.Off, Fixable: true,
	Summary: "description should be a single line",
	Skill:   checkDescriptionMultiline,
}

func checkDescriptionMultiline(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := descriptionValue(s)
	if !ok {
		return
	}
	h := s.Header
	start := h.NodeOffset(f.Value)
	end := header.ValueEnd(s, f)
	if !strings.Contains(strings.TrimRight(string(s.File.Src[start:end]), " \t\r\n"), "\n") {
		return
	}
	kind := "wrapped over several lines"
	switch f.Value.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		kind = "a block scalar (| or >)"
	}
	var fix *analysis.Fix
	if single := strings.Join(strings.Fields(v), " "); !hasComment(s, start, end) {
		fix = &analysis.Fix{Message: "put the description on one line",
			Edits: []analysis.Edit{{Start: start, End: end, New: strconv.Quote(single)}}}
	}
	p.ReportFix(s.File, start, fix, "description is %s: Claude Code has shown such values to the model as a bare \"|\" or lost them when a formatter rewrapped them, and many tools read only one line; put it on one line", kind)
}
