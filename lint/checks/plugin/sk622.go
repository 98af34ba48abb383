package plugin

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceRequired is SK622: marketplace.json needs name, owner.name and a plugins array. Documented in docs/SK622.md.
var marketplaceRequired = &analysis.Rule{
	ID: "SK622", Alias: "marketplace-required", Severity: analysis.Error,
	Summary:     "marketplace.json needs name, owner.name and a plugins array",
	Marketplace: marketCheck(checkMarketplaceRequired),
}

func checkMarketplaceRequired(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	if n := obj.Get("name"); n == nil {
		r.at(obj, "marketplace.json has no name")
	} else if n.Kind != jsonpos.String || strings.TrimSpace(n.Str) == "" {
		r.at(n, "name must be a non-empty string, not %s", n.Kind)
	}
	if o := obj.Get("owner"); o == nil {
		r.at(obj, "marketplace.json has no owner (an object with a name)")
	} else {
		checkPerson(r, "owner", o)
	}
	if pl := obj.Get("plugins"); pl == nil {
		r.at(obj, "marketplace.json has no plugins array")
	} else if pl.Kind != jsonpos.Array {
		r.at(pl, "plugins must be an array, not %s", pl.Kind)
	}
}
