package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/jsonfile"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginJSONInvalid is SK601: plugin.json must be a readable JSON object. Documented in docs/SK601.md.
var pluginJSONInvalid = &analysis.Rule{
	ID: "SK601", Alias: "plugin-json-invalid", Severity: analysis.Error,
	Summary: "plugin.json must be a readable JSON object",
	Plugin:  checkPluginJSONInvalid,
}

func checkPluginJSONInvalid(p *analysis.Pass, pl *manifest.Plugin) {
	jsonfile.ReportSyntax(p, pl.File, pl.Problem, pl.Err, pl.JSON, "plugin.json", "Claude Code does not load the plugin")
}
