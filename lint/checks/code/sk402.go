package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// listingSourceMissing is SK402: the file and declarations a source= listing names must exist. Documented in docs/SK402.md.
var listingSourceMissing = &analysis.Rule{
	ID: "SK402", Alias: "listing-source-missing", Severity: analysis.Error,
	Summary: "the file and declarations a source= listing names must exist",
	Skill:   checkListingSourceMissing,
}

func checkListingSourceMissing(p *analysis.Pass, s *skill.Skill) {
	for _, st := range listings(p, s) {
		if st.problem != "" {
			p.Reportf(st.c.Doc.File, st.c.b.InfoOffset, "%s", st.problem)
		}
	}
}
