// Package skills embeds the skills pack, so that `skillcheck install` can
// write it into a project without a checkout of this repository. Each folder
// beside this file is one skill.
package skills

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed *
var pack embed.FS

// FS returns the pack: one folder per skill, each with its SKILL.md.
func FS() fs.FS { return pack }

// Names returns the skills in the pack, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(pack, ".")
	var names []string
	for _, e := range entries {
		if _, err := fs.Stat(pack, e.Name()+"/SKILL.md"); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}
