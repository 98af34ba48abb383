package metadata

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// nameFolderMismatch is SK124: name should equal the skill's folder name. Documented in docs/SK124.md.
var nameFolderMismatch = &analysis.Rule{
	ID: "SK124", Alias: "name-folder-mismatch", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "name should equal the skill's folder name",
	Skill:   checkNameFolderMismatch,
}

func checkNameFolderMismatch(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := header.Name(s)
	if !ok || v == s.Name {
		return
	}
	if p.Profile != analysis.Portable && s.PluginRoot == "" && filepath.Base(filepath.Dir(filepath.Clean(s.Dir))) != "skills" {
		// A skill outside a skills folder (a repository whose root is the
		// skill) is installed under its name; its folder here is a clone's.
		return
	}
	header.Report(p, s, f.Value, "name %s differs from the folder %q: the specification requires them equal; Claude Code names the command after the folder (in plugins, after name)", msg.Quote(v), s.Name)
}
