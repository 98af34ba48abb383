package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// deleteUnbounded is SK722: commands that run unattended should not delete by wildcard or variable. Documented in docs/SK722.md.
var deleteUnbounded = commandRule(&analysis.Rule{
	ID: "SK722", Alias: "delete-unbounded", Severity: analysis.Warning,
	Summary: "commands that run unattended should not delete by wildcard or variable",
}, perCommand(deletes), "an empty variable or a wrong folder deletes more than intended; delete named paths")
