package plugin

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/jsonfile"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceJSONInvalid is SK621: marketplace.json must be a readable JSON object. Documented in docs/SK621.md.
var marketplaceJSONInvalid = &analysis.Rule{
	ID: "SK621", Alias: "marketplace-json-invalid", Severity: analysis.Error,
	Summary:     "marketplace.json must be a readable JSON object",
	Marketplace: checkMarketplaceJSONInvalid,
}

func checkMarketplaceJSONInvalid(p *analysis.Pass, m *manifest.Marketplace) {
	jsonfile.ReportSyntax(p, m.File, m.Problem, m.Err, m.JSON, "marketplace.json", "`/plugin marketplace add` fails")
}
