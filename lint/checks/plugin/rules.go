package plugin

import (
	"embed"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

//go:embed docs/*.md
var docs embed.FS

// Rules are the family's rules, in ID order, each with its documentation
// from docs/<ID>.md.
var Rules = analysis.Documented(docs,
	pluginJSONInvalid,
	pluginName,
	pluginFieldType,
	pluginFieldUnknown,
	pluginPath,
	pluginComponentsMisplaced,
	pluginClaudeMD,
	pluginVersion,
	pluginNameStyle,
	skillOutsidePlugin,
	marketplaceJSONInvalid,
	marketplaceRequired,
	marketplaceName,
	marketplaceNameStyle,
	marketplaceEntry,
	marketplaceDuplicatePlugin,
	marketplaceVersionMismatch,
	marketplaceIncomplete,
	marketplaceStrictConflict,
)
