package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginNameStyle is SK609: the plugin name should be kebab-case. Documented in docs/SK609.md.
var pluginNameStyle = &analysis.Rule{
	ID: "SK609", Alias: "plugin-name-style", Severity: analysis.Warning,
	Summary: "the plugin name should be kebab-case",
	Plugin:  pluginCheck(checkPluginNameStyle),
}

func checkPluginNameStyle(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
	if name := obj.Get("name"); name != nil && name.Kind == jsonpos.String && name.Str != "" && !kebabCase.MatchString(name.Str) {
		r.at(name, "plugin name %s is not kebab-case (lowercase letters, digits and hyphens); it becomes the namespace of the plugin's skills, as in %s:skill-name", msg.Quote(name.Str), header.SuggestName(name.Str))
	}
}
