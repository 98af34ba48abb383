package body

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// pluginVariableOutsidePlugin is SK232: ${CLAUDE_PLUGIN_ROOT} and ${CLAUDE_PLUGIN_DATA} exist only in plugin skills. Documented in docs/SK232.md.
var pluginVariableOutsidePlugin = &analysis.Rule{
	ID: "SK232", Alias: "plugin-variable-outside-plugin", Severity: analysis.Warning,
	Summary: "${CLAUDE_PLUGIN_ROOT} and ${CLAUDE_PLUGIN_DATA} exist only in plugin skills",
	Skill:   checkPluginVariableOutsidePlugin,
}

func checkPluginVariableOutsidePlugin(p *analysis.Pass, s *skill.Skill) {
	if s.PluginRoot != "" {
		return
	}
	eachVar(s, func(name string, f *source.File, off int) {
		if slices.Contains(pluginVars, name) {
			p.Reportf(f, off, "${%s} is set only for skills inside a plugin; this skill is not in one, so use ${CLAUDE_SKILL_DIR}", name)
		}
	})
}
