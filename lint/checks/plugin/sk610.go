package plugin

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// skillOutsidePlugin is SK610: a skill inside a plugin should be in one of the folders the plugin loads skills from. Documented in docs/SK610.md.
var skillOutsidePlugin = &analysis.Rule{
	ID: "SK610", Alias: "skill-outside-plugin-skills", Severity: analysis.Info,
	Summary: "a skill inside a plugin should be in a folder the plugin loads skills from",
	Skill:   checkSkillOutsidePlugin,
	Input:   true,
}

func checkSkillOutsidePlugin(p *analysis.Pass, s *skill.Skill) {
	if !s.OutsidePlugin {
		return
	}
	rel, _ := filepath.Rel(s.PluginRoot, s.Dir)
	p.Reportf(s.File, 0, "its plugin loads skills from %s/ and the folders its plugin.json lists under \"skills\", not from %s: Claude Code never loads this skill, so its other findings are warnings at most; move it under %s/ if it is meant to load", manifest.DefaultSkillFolder, filepath.ToSlash(rel), manifest.DefaultSkillFolder)
}
