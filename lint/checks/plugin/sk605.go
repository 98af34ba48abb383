package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginPath is SK605: component paths must start with ./, stay in the plugin and exist. Documented in docs/SK605.md.
var pluginPath = &analysis.Rule{
	ID: "SK605", Alias: "plugin-path", Severity: analysis.Error,
	Summary: "component paths must start with ./, stay in the plugin and exist",
	Plugin:  pluginCheck(checkPluginPath),
}

func checkPluginPath(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
	for _, key := range append(append([]string{}, pathFields...), configFields...) {
		v := obj.Get(key)
		if v == nil {
			continue
		}
		var paths []*jsonpos.Value
		switch v.Kind {
		case jsonpos.String:
			paths = []*jsonpos.Value{v}
		case jsonpos.Array:
			paths = v.Items
		}
		for _, pv := range paths {
			if pv.Kind == jsonpos.String {
				checkComponentPath(r, pl.Root, key, pv)
			}
		}
	}
}
