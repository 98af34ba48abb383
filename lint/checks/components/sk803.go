package components

import (
	"os"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// hooksFileDuplicate is SK803: plugin.json must not name hooks/hooks.json, which Claude Code loads anyway. Documented in docs/SK803.md.
var hooksFileDuplicate = &analysis.Rule{
	ID: "SK803", Alias: "hooks-file-duplicate", Severity: analysis.Error,
	Summary: "plugin.json must not name hooks/hooks.json, which Claude Code loads anyway",
	Plugin:  checkHooksFileDuplicate,
}

func checkHooksFileDuplicate(p *analysis.Pass, pl *manifest.Plugin) {
	if info, err := os.Stat(defaultPath(pl, plugincfg.Hooks)); err != nil || info.IsDir() {
		return
	}
	for _, v := range plugincfg.NamedPaths(pl, plugincfg.Hooks) {
		if namesDefault(pl, plugincfg.Hooks, v.Str) {
			p.Reportf(pl.File, v.Offset, "hooks names %q, which Claude Code loads from the plugin anyway: it rejects the second load (\"Duplicate hooks file detected\") and the plugin's hooks do not load; remove it from hooks", v.Str)
		}
	}
}
