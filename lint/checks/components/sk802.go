package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// hooksInvalid is SK802: a plugin's hooks must follow the hooks format. Documented in docs/SK802.md.
var hooksInvalid = &analysis.Rule{
	ID: "SK802", Alias: "plugin-hooks-invalid", Severity: analysis.Error,
	Summary: "a plugin's hooks must follow the hooks format",
	Plugin:  checkHooksInvalid,
}

func checkHooksInvalid(p *analysis.Pass, pl *manifest.Plugin) {
	plugincfg.WalkHooks(pl, p.Reportf, nil)
}
