package metadata

import (
	"bytes"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// yamlNeedsRepair is SK107: frontmatter that only loads thanks to Claude Code's repair step. Documented in docs/SK107.md.
var yamlNeedsRepair = &analysis.Rule{
	ID: "SK107", Alias: "yaml-needs-repair", Severity: analysis.Warning, Portable: analysis.Error, Fixable: true,
	Summary: "frontmatter that only loads thanks to Claude Code's repair step",
	Skill:   checkYAMLNeedsRepair,
}

func checkYAMLNeedsRepair(p *analysis.Pass, s *skill.Skill) {
	h := s.Header
	for _, r := range h.Repair {
		switch r.Kind {
		case frontmatter.Quoted:
			if !r.Needed(s.File.Src) {
				continue // quoted only because another line broke the header
			}
			p.ReportFix(s.File, r.ValueStart, &analysis.Fix{Message: "quote the value",
				Edits: []analysis.Edit{{Start: r.ValueStart, End: r.ValueEnd, New: r.Replacement}}},
				"value is not valid YAML as written (%s); Claude Code quotes it before loading, but the specification's validator, `claude plugin validate`, uploads and other agents reject the file: quote it",
				h.Err.Message)
		case frontmatter.Untabbed:
			start := s.File.LineStart(r.Line)
			tabs := bytes.IndexFunc(s.File.Src[start:], func(c rune) bool { return c != '\t' })
			p.ReportFix(s.File, start, &analysis.Fix{Message: "indent with spaces",
				Edits: []analysis.Edit{{Start: start, End: start + tabs, New: r.Replacement}}},
				"YAML does not allow tabs for indentation; Claude Code turns them into spaces before loading, other tools reject the file")
		}
	}
}
