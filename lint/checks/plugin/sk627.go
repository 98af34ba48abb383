package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceVersionMismatch is SK627: an entry's version should match its plugin.json. Documented in docs/SK627.md.
var marketplaceVersionMismatch = &analysis.Rule{
	ID: "SK627", Alias: "marketplace-version-mismatch", Severity: analysis.Warning,
	Summary:     "an entry's version should match its plugin.json",
	Marketplace: marketCheck(checkMarketplaceVersionMismatch),
}

func checkMarketplaceVersionMismatch(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	for _, e := range entries(obj) {
		v := e.Get("version")
		dir := relativeSource(m.Root, obj, e)
		if v == nil || v.Kind != jsonpos.String || dir == "" {
			continue
		}
		pl := manifest.LoadPlugin(dir, 0, nil)
		if pl.JSON == nil {
			continue
		}
		if pv := pl.JSON.Get("version"); pv != nil && pv.Kind == jsonpos.String && pv.Str != v.Str {
			r.at(v, "version %s differs from %s in the plugin's plugin.json, which wins", msg.Quote(v.Str), msg.Quote(pv.Str))
		}
	}
}
