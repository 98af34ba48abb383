package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// privilegeEscalation is SK721: commands that run unattended must not use sudo. Documented in docs/SK721.md.
var privilegeEscalation = commandRule(&analysis.Rule{
	ID: "SK721", Alias: "privilege-escalation", Severity: analysis.Warning,
	Summary: "commands that run unattended must not use sudo",
}, perCommand(escalates), "a skill has no business running as root; do the privileged step by hand")
