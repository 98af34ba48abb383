// Package skillcheck holds the skills pack this repository ships
// (plugin/skills), embedded so that `skillcheck install` writes it into a
// project without a checkout. The linter itself is in lint/ and
// cmd/skillcheck.
package skillcheck

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed all:plugin/skills
var pack embed.FS

// Skills returns the pack: one folder per skill, each with its SKILL.md.
func Skills() fs.FS {
	sub, err := fs.Sub(pack, "plugin/skills")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// SkillNames returns the skills in the pack, sorted.
func SkillNames() []string {
	skills := Skills()
	entries, _ := fs.ReadDir(skills, ".")
	var names []string
	for _, e := range entries {
		if _, err := fs.Stat(skills, e.Name()+"/SKILL.md"); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}
