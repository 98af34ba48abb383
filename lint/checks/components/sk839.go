package components

import (
	"bytes"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
)

// componentYAMLNeedsRepair is SK839: agent or command frontmatter that only loads thanks to Claude Code's repair step. Documented in docs/SK839.md.
var componentYAMLNeedsRepair = &analysis.Rule{
	ID: "SK839", Alias: "component-yaml-needs-repair", Severity: analysis.Warning, Fixable: true,
	Summary:   "agent or command frontmatter that only loads thanks to Claude Code's repair step",
	Component: checkComponentYAMLNeedsRepair,
}

func checkComponentYAMLNeedsRepair(p *analysis.Pass, cf *component.File) {
	h := cf.Fields()
	if h == nil {
		return
	}
	for _, r := range h.Repair {
		switch r.Kind {
		case frontmatter.Quoted:
			if !r.Needed(cf.File.Src) {
				continue // quoted only because another line broke the header; SK838 reports a list that became text
			}
			p.ReportFix(cf.File, r.ValueStart, &analysis.Fix{Message: "quote the value",
				Edits: []analysis.Edit{{Start: r.ValueStart, End: r.ValueEnd, New: r.Replacement}}},
				"value is not valid YAML as written (%s); Claude Code quotes it before loading the %s, but other tools that read %ss reject the file: quote it",
				h.Err.Message, cf.Kind, cf.Kind)
		case frontmatter.Untabbed:
			start := cf.File.LineStart(r.Line)
			tabs := bytes.IndexFunc(cf.File.Src[start:], func(c rune) bool { return c != '\t' })
			p.ReportFix(cf.File, start, &analysis.Fix{Message: "indent with spaces",
				Edits: []analysis.Edit{{Start: start, End: start + tabs, New: r.Replacement}}},
				"YAML does not allow tabs for indentation; Claude Code turns them into spaces before loading the %s, other tools reject the file", cf.Kind)
		}
	}
}
