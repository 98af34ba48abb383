package components

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/jsonfile"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// configJSONInvalid is SK801: hooks, MCP and LSP configuration files must be readable JSON objects. Documented in docs/SK801.md.
var configJSONInvalid = &analysis.Rule{
	ID: "SK801", Alias: "plugin-config-json-invalid", Severity: analysis.Error,
	Summary: "hooks, MCP and LSP configuration files must be readable JSON objects",
	Plugin:  checkConfigJSONInvalid,
}

// consequences say what Claude Code does with a configuration file it
// cannot read.
var consequences = map[plugincfg.Kind]string{
	plugincfg.Hooks: "Claude Code loads none of the plugin's hooks (\"Hook load failed\")",
	plugincfg.MCP:   "Claude Code starts none of the MCP servers it configures",
	plugincfg.LSP:   "Claude Code starts none of the language servers it configures",
}

func checkConfigJSONInvalid(p *analysis.Pass, pl *manifest.Plugin) {
	for _, k := range []plugincfg.Kind{plugincfg.Hooks, plugincfg.MCP, plugincfg.LSP} {
		for _, f := range plugincfg.Files(pl, k) {
			jsonfile.ReportSyntax(p, f.File, f.Problem, f.Err, f.JSON, filepath.Base(f.Path), consequences[k])
		}
	}
}
