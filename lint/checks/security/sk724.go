package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// networkSend is SK724: commands that run unattended should not send data over the network. Documented in docs/SK724.md.
var networkSend = commandRule(&analysis.Rule{
	ID: "SK724", Alias: "network-send", Severity: analysis.Warning,
	Summary: "commands that run unattended should not send data over the network",
}, perCommand(sends), "data leaves the machine without the user seeing what; let Claude do it with a tool call the user approves")
