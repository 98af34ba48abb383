package plugin

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceNameStyle is SK624: marketplace and plugin names should be kebab-case and accepted by Claude Desktop. Documented in docs/SK624.md.
var marketplaceNameStyle = &analysis.Rule{
	ID: "SK624", Alias: "marketplace-name-style", Severity: analysis.Warning,
	Summary:     "marketplace and plugin names should be kebab-case and accepted by Claude Desktop",
	Marketplace: marketCheck(checkMarketplaceNameStyle),
}

func checkMarketplaceNameStyle(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	if n := obj.Get("name"); n != nil && n.Kind == jsonpos.String && n.Str != "" {
		switch {
		case slices.Contains(desktopReserved, n.Str):
			r.at(n, "marketplace name %s is reserved in Claude Desktop", msg.Quote(n.Str))
		case !desktopName.MatchString(n.Str):
			r.at(n, "marketplace name %s is not accepted by Claude Desktop (up to 128 letters, digits, '.', '_' and '-', starting with a letter or digit)", msg.Quote(n.Str))
		case !kebabCase.MatchString(n.Str):
			r.at(n, "marketplace name %s is not kebab-case", msg.Quote(n.Str))
		}
	}
	for _, e := range entries(obj) {
		if n := e.Get("name"); n != nil && n.Kind == jsonpos.String && n.Str != "" && !kebabCase.MatchString(n.Str) {
			r.at(n, "plugin name %s is not kebab-case", msg.Quote(n.Str))
		}
	}
}
