package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceStrictConflict is SK629: with strict: false, components belong in the entry or plugin.json, not both. Documented in docs/SK629.md.
var marketplaceStrictConflict = &analysis.Rule{
	ID: "SK629", Alias: "marketplace-strict-conflict", Severity: analysis.Error,
	Summary:     "with strict: false, components belong in the entry or plugin.json, not both",
	Marketplace: marketCheck(checkMarketplaceStrictConflict),
}

func checkMarketplaceStrictConflict(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	for _, e := range entries(obj) {
		st := e.Get("strict")
		dir := relativeSource(m.Root, obj, e)
		if st == nil || st.Kind != jsonpos.Bool || st.Bool || dir == "" || !declaresComponents(e) {
			continue
		}
		if pl := manifest.LoadPlugin(dir, 0, nil); pl.JSON != nil && declaresComponents(pl.JSON) {
			r.at(st, "strict is false and both this entry and the plugin's plugin.json declare components: Claude Code refuses to load the plugin (conflicting manifests)")
		}
	}
}
