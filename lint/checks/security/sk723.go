package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// credentialRead is SK723: commands that run unattended must not read credentials. Documented in docs/SK723.md.
var credentialRead = commandRule(&analysis.Rule{
	ID: "SK723", Alias: "credential-read", Severity: analysis.Warning,
	Summary: "commands that run unattended must not read credentials",
}, perCommand(readsCredential), "the secrets end up in Claude's context, the transcript and anything Claude sends on; read only what the skill needs")
