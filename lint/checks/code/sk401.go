package code

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// listingDrift is SK401: a source= listing must equal the reference code it names. Documented in docs/SK401.md.
var listingDrift = &analysis.Rule{
	ID: "SK401", Alias: "listing-drift", Severity: analysis.Error, Fixable: true,
	Summary: "a source= listing must equal the reference code it names",
	Skill:   checkListingDrift,
}

func checkListingDrift(p *analysis.Pass, s *skill.Skill) {
	for _, st := range listings(p, s) {
		got := st.c.b.Content()
		if !st.resolved || gocode.SameCode(got, st.want) {
			continue
		}
		var fix *analysis.Fix
		if start, end, text, ok := st.c.b.ReplaceContent(st.c.Doc, st.want); ok {
			fix = &analysis.Fix{Message: "copy the listing from " + st.c.info.Source, Edits: []analysis.Edit{{Start: start, End: end, New: text}}}
		}
		line := firstDifference(strings.TrimSpace(got)+"\n", strings.TrimSpace(st.want)+"\n")
		p.ReportFix(st.c.Doc.File, st.c.b.LineOffset(line, 1), fix,
			"listing differs from %s (first difference on this line): the skill teaches code that is not the tested code; `skillcheck lint --fix` copies it again", st.c.info.Source)
	}
}
