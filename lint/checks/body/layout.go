package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// uploadMax is the Skills API's limit on a skill's total size.
const uploadMax = 8 << 20

// layoutProblem returns a Layout check reporting layout problems of one kind.
func layoutProblem(kind layout.ProblemKind, message func(layout.Problem) string) func(*analysis.Pass, *layout.Layout) {
	return func(p *analysis.Pass, res *layout.Layout) {
		for _, f := range res.Problems {
			if f.Kind == kind {
				p.ReportPath(f.Path, "%s", message(f))
			}
		}
	}
}
