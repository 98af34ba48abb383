package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// downloadRun is SK720: commands that run unattended must not run code they download. Documented in docs/SK720.md.
var downloadRun = commandRule(&analysis.Rule{
	ID: "SK720", Alias: "download-run", Severity: analysis.Warning,
	Summary: "commands that run unattended must not run code they download",
}, downloadRuns, "whoever controls that address, or the network on the way, runs code on the user's machine; ship the script in the skill folder instead")
