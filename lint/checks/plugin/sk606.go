package plugin

import (
	"os"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginComponentsMisplaced is SK606: component folders belong at the plugin root, not in .claude-plugin/. Documented in docs/SK606.md.
var pluginComponentsMisplaced = &analysis.Rule{
	ID: "SK606", Alias: "plugin-components-misplaced", Severity: analysis.Warning,
	Summary: "component folders belong at the plugin root, not in .claude-plugin/",
	Plugin:  checkPluginComponentsMisplaced,
}

func checkPluginComponentsMisplaced(p *analysis.Pass, pl *manifest.Plugin) {
	for _, dir := range componentDirs {
		path := filepath.Join(pl.Root, ".claude-plugin", dir)
		if info, err := os.Stat(path); err == nil && info.IsDir() {
			p.ReportPath(path, "%s/ is inside .claude-plugin/, where Claude Code does not look: move it to the plugin root", dir)
		}
	}
}
