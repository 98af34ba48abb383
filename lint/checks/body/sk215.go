package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// symlinkLoop is SK215: symbolic links must not loop. Documented in docs/SK215.md.
var symlinkLoop = &analysis.Rule{
	ID: "SK215", Alias: "symlink-loop", Severity: analysis.Warning,
	Summary: "symbolic links must not loop",
	Layout: layoutProblem(layout.Loop, func(f layout.Problem) string {
		return f.Detail + "; it is not followed"
	}),
}
