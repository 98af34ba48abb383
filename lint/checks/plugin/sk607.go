package plugin

import (
	"os"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// pluginClaudeMD is SK607: a CLAUDE.md at a plugin's root is not loaded. Documented in docs/SK607.md.
var pluginClaudeMD = &analysis.Rule{
	ID: "SK607", Alias: "plugin-claude-md", Severity: analysis.Info,
	Summary: "a CLAUDE.md at a plugin's root is not loaded",
	Plugin:  checkPluginClaudeMD,
}

func checkPluginClaudeMD(p *analysis.Pass, pl *manifest.Plugin) {
	path := filepath.Join(pl.Root, "CLAUDE.md")
	if repositoryRoot(pl.Root) {
		return // the repository's notes for its contributors, not for the plugin's users
	}
	if _, err := os.Stat(path); err == nil {
		p.ReportPath(path, "Claude Code does not load a CLAUDE.md from a plugin; put the guidance in a skill")
	}
}

// repositoryRoot reports a folder that is the root of a repository or of a
// marketplace, whose CLAUDE.md is for the people working on it.
func repositoryRoot(dir string) bool {
	for _, name := range []string{".git", filepath.Join(".claude-plugin", "marketplace.json")} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}
