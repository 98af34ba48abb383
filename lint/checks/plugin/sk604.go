package plugin

import (
	"fmt"
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginFieldUnknown is SK604: plugin.json fields must be ones Claude Code knows. Documented in docs/SK604.md.
var pluginFieldUnknown = &analysis.Rule{
	ID: "SK604", Alias: "plugin-field-unknown", Severity: analysis.Warning,
	Summary: "plugin.json fields must be ones Claude Code knows",
	Plugin:  pluginCheck(checkPluginFieldUnknown),
}

func checkPluginFieldUnknown(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
	for _, m := range obj.Fields {
		if slices.Contains(pluginFields, m.Key) {
			continue
		}
		if slices.Contains(marketplaceEntryFields, m.Key) {
			r.atKey(m, "field %q belongs in the plugin's marketplace entry, not in plugin.json: Claude Code ignores it here (`claude plugin validate` warns, --strict fails)", m.Key)
			continue
		}
		hint := ""
		if near := msg.Closest(m.Key, pluginFields); near != "" {
			hint = fmt.Sprintf(": did you mean %q?", near)
		}
		r.atKey(m, "unknown plugin.json field %q%s (`claude plugin validate` warns, --strict fails)", m.Key, hint)
	}
}
