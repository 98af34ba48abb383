package plugin

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginName is SK602: plugin.json must have a name. Documented in docs/SK602.md.
var pluginName = &analysis.Rule{
	ID: "SK602", Alias: "plugin-name", Severity: analysis.Error,
	Summary: "plugin.json must have a name",
	Plugin:  pluginCheck(checkPluginName),
}

func checkPluginName(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
	name := obj.Get("name")
	switch {
	case name == nil:
		r.at(obj, "plugin.json has no name, its only required field")
	case name.Kind != jsonpos.String || strings.TrimSpace(name.Str) == "":
		r.at(name, "name must be a non-empty string, not %s", name.Kind)
	}
}
