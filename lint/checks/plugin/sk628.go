package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceIncomplete is SK628: a marketplace should list plugins and describe itself. Documented in docs/SK628.md.
var marketplaceIncomplete = &analysis.Rule{
	ID: "SK628", Alias: "marketplace-incomplete", Severity: analysis.Info,
	Summary:     "a marketplace should list plugins and describe itself",
	Marketplace: marketCheck(checkMarketplaceIncomplete),
}

func checkMarketplaceIncomplete(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	if pl := obj.Get("plugins"); pl != nil && pl.Kind == jsonpos.Array && len(pl.Items) == 0 {
		r.at(pl, "marketplace has no plugins")
	}
	desc := obj.Get("description")
	if md := obj.Get("metadata"); desc == nil && md != nil {
		desc = md.Get("description")
	}
	if desc == nil {
		r.at(obj, "marketplace has no description (top-level or in metadata)")
	}
}
