package plugin

import (
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// marketplaceName is SK623: the marketplace name must not be reserved. Documented in docs/SK623.md.
var marketplaceName = &analysis.Rule{
	ID: "SK623", Alias: "marketplace-name", Severity: analysis.Error,
	Summary:     "the marketplace name must not be reserved",
	Marketplace: marketCheck(checkMarketplaceName),
}

func checkMarketplaceName(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
	if anthropicOwned(obj) {
		return // Claude Code allows the reserved names for Anthropic's own marketplaces
	}
	if n := obj.Get("name"); n != nil && n.Kind == jsonpos.String && slices.Contains(reservedMarketplaces, strings.ToLower(n.Str)) {
		r.at(n, "marketplace name %s is reserved for Anthropic's marketplaces; Claude Code refuses it", msg.Quote(n.Str))
	}
}

// anthropicOwned reports a marketplace whose owner is Anthropic.
func anthropicOwned(obj *jsonpos.Value) bool {
	owner := obj.Get("owner")
	if owner == nil {
		return false
	}
	name, email := owner.Get("name"), owner.Get("email")
	return name != nil && strings.EqualFold(strings.TrimSpace(name.Str), "Anthropic") ||
		email != nil && strings.HasSuffix(strings.ToLower(email.Str), "@anthropic.com")
}
