package components

import (
	"embed"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

//go:embed docs/*.md
var docs embed.FS

// Rules are the family's rules, in ID order, each with its documentation
// from docs/<ID>.md.
var Rules = analysis.Documented(docs,
	configJSONInvalid,
	hooksInvalid,
	hooksFileDuplicate,
	pluginRootPathMissing,
	hookTimeout,
	hookMatcherIgnored,
	scriptNotExecutable,
	mcpServerInvalid,
	lspServerInvalid,
	agentFrontmatterInvalid,
	agentName,
	agentDescription,
	agentKeyUnknown,
	agentFieldValue,
	agentColor,
	componentModel,
	componentTools,
	componentYAMLNeedsRepair,
	commandFrontmatterInvalid,
	commandKeyUnknown,
	commandFieldValue,
	evalsJSONInvalid,
	evalsShape,
	evalsFileMissing,
)
