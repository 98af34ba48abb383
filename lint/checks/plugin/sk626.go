package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceDuplicatePlugin is SK626: plugin names in a marketplace must be unique. Documented in docs/SK626.md.
var marketplaceDuplicatePlugin = &analysis.Rule{
	ID: "SK626", Alias: "marketplace-duplicate-plugin", Severity: analysis.Error,
	Summary:     "plugin names in a marketplace must be unique",
	Marketplace: marketCheck(checkMarketplaceDuplicatePlugin),
}

func checkMarketplaceDuplicatePlugin(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	seen := map[string]bool{}
	for _, e := range entries(obj) {
		n := e.Get("name")
		if n == nil || n.Kind != jsonpos.String {
			continue
		}
		if seen[n.Str] {
			r.at(n, "duplicate plugin name %q in the marketplace", n.Str)
		}
		seen[n.Str] = true
	}
}
