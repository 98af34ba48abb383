package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginVersion is SK608: version should be a semantic version. Documented in docs/SK608.md.
var pluginVersion = &analysis.Rule{
	ID: "SK608", Alias: "plugin-version", Severity: analysis.Warning,
	Summary: "version should be a semantic version",
	Plugin:  pluginCheck(checkPluginVersion),
}

func checkPluginVersion(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
	if v := obj.Get("version"); v != nil && v.Kind == jsonpos.String && !semver.MatchString(v.Str) {
		r.at(v, "version %s is not a semantic version such as \"1.2.0\"; Claude Code compares versions to offer updates", msg.Quote(v.Str))
	}
}
