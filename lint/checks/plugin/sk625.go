package plugin

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceEntry is SK625: each plugin entry needs a name and a valid source. Documented in docs/SK625.md.
var marketplaceEntry = &analysis.Rule{
	ID: "SK625", Alias: "marketplace-entry", Severity: analysis.Error,
	Summary:     "each plugin entry needs a name and a valid source",
	Marketplace: marketCheck(checkMarketplaceEntry),
}

func checkMarketplaceEntry(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	pl := obj.Get("plugins")
	if pl == nil || pl.Kind != jsonpos.Array {
		return
	}
	for i, e := range pl.Items {
		if e.Kind != jsonpos.Object {
			r.at(e, "plugins[%d] must be an object with name and source, not %s", i, e.Kind)
			continue
		}
		if n := e.Get("name"); n == nil {
			r.at(e, "plugins[%d] has no name", i)
		} else if n.Kind != jsonpos.String || strings.TrimSpace(n.Str) == "" {
			r.at(n, "plugins[%d].name must be a non-empty string, not %s", i, n.Kind)
		}
		checkSource(r, m.Root, obj, i, e)
	}
}
