package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// folderUnreadable is SK217: folders and links under a skill pack must be readable. Documented in docs/SK217.md.
var folderUnreadable = &analysis.Rule{
	ID: "SK217", Alias: "folder-unreadable", Severity: analysis.Error,
	Summary: "folders and links under a skill pack must be readable",
	Layout: layoutProblem(layout.Unreadable, func(f layout.Problem) string {
		return "cannot read: " + f.Detail
	}),
}
