package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginFieldType is SK603: plugin.json fields must have their documented types. Documented in docs/SK603.md.
var pluginFieldType = &analysis.Rule{
	ID: "SK603", Alias: "plugin-field-type", Severity: analysis.Error,
	Summary: "plugin.json fields must have their documented types",
	Plugin:  pluginCheck(checkPluginFieldType),
}

func checkPluginFieldType(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
	checkPluginFieldTypes(r, obj)
}
