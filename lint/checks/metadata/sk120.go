package metadata

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// nameMissing is SK120: a skill should set name (required by the specification, and for plugin-root skills). Documented in docs/SK120.md.
var nameMissing = &analysis.Rule{
	ID: "SK120", Alias: "name-missing", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "a skill should set name (required by the specification, and for plugin-root skills)",
	Skill:   checkNameMissing,
}

func checkNameMissing(p *analysis.Pass, s *skill.Skill) {
	h := header.Fields(s)
	if h == nil || h.Get("name") != nil {
		return
	}
	switch {
	case p.Profile == analysis.Portable:
		p.Reportf(s.File, h.Open, "frontmatter has no name: the specification and uploads require one (lowercase letters, digits and hyphens, matching the folder %q)", s.Name)
	case s.PluginRoot != "" && filepath.Clean(s.PluginRoot) == filepath.Clean(s.Dir):
		p.Reportf(s.File, h.Open, "a SKILL.md at a plugin's root needs a name: without it Claude Code names the skill after the install folder, which for marketplace installs is a version string that changes on every update")
	}
}
