// Package layout describes what discovery found under the paths of a lint
// run: the skill folders, the plugin and marketplace roots, and the problems
// of the folder layout met on the way.
package layout

import (
	"io/fs"
	"path/filepath"
	"slices"
)

// SkillFileName is the file that makes a folder a skill.
const SkillFileName = "SKILL.md"

// ProjectSkillsParents are the folders of a project whose skills/ folder
// agents load skills from: .claude/skills (Claude Code, and GitHub Copilot),
// .agents/skills (the Agent Skills convention, read by Codex, GitHub Copilot
// and Gemini CLI) and .github/skills (GitHub Copilot), in that order.
var ProjectSkillsParents = []string{".claude", ".agents", ".github"}

// ProjectSkillsDir reports whether dir is the skills/ folder of one of
// ProjectSkillsParents, and which: ".claude", ".agents" or ".github".
func ProjectSkillsDir(dir string) (parent string, ok bool) {
	if filepath.Base(dir) != "skills" {
		return "", false
	}
	parent = filepath.Base(filepath.Dir(dir))
	return parent, slices.Contains(ProjectSkillsParents, parent)
}

// Layout is what a walk of the linted paths found.
type Layout struct {
	// Roots are the paths the walk started from, as given.
	Roots []string
	// Skills are the skill folders, sorted by path.
	Skills []*SkillDir
	// Plugins are plugin roots (folders holding .claude-plugin/plugin.json,
	// and folders a marketplace names as a local plugin source, which need
	// no plugin.json), Markets marketplace roots (holding
	// .claude-plugin/marketplace.json).
	Plugins, Markets []string
	// Components are the agents and commands of the plugins and of projects'
	// .claude folders, sorted by path.
	Components []Component
	Problems   []Problem
}

// SkillDir is one skill folder.
type SkillDir struct {
	// Dir is the folder as shown to the user; Name its base name.
	Dir  string
	Name string
	// File is the path of its SKILL.md (or of the misnamed skill.md).
	File string
	// Files are the other files in the folder, paths relative to Dir with
	// forward slashes, sorted; files of nested skills are not included.
	Files []File
	// Info describes File itself.
	Info File
	// Plugin is the innermost plugin root that contains the skill, or "".
	Plugin string
	// Declared is true when a marketplace entry lists the skill's folder, or
	// a folder above it, under "skills": the skill loads with that entry's
	// plugin wherever it lies.
	Declared bool
	// Root is the folder the walk that found the skill started from.
	Root string
	// Links are the symbolic links inside the folder (to files and folders),
	// sorted by path.
	Links []Link
}

// File describes one file of a skill folder.
type File struct {
	// Rel is the path relative to the skill folder, forward slashes.
	Rel  string
	Size int64
	Mode fs.FileMode
	// Link is true when the file is reached through a symbolic link;
	// Outside when that link leaves the skill folder: such a file is
	// reported, never read.
	Link, Outside bool
}

// Link is a symbolic link inside a skill folder.
type Link struct {
	// Rel is the link's path relative to the skill folder, forward slashes.
	Rel string
	// Target is the link's content as written.
	Target string
	// Dir is true for a link to a folder.
	Dir bool
	// Outside is true when the link resolves to a place outside the skill
	// folder. Such a link to a folder is not followed.
	Outside bool
}

// ProblemKind classifies layout problems.
type ProblemKind int

const (
	// Misnamed: a skill.md whose name is not exactly SKILL.md.
	Misnamed ProblemKind = iota + 1
	// NoSkillFile: a folder directly in a skills/ folder that agents load
	// (a plugin's skills/ or one of ProjectSkillsParents) with no SKILL.md in
	// it or below it.
	NoSkillFile
	// FlatSkill: a Markdown file with frontmatter directly in a skills/ folder
	// that agents load.
	FlatSkill
	// Loop: a symbolic link that leads back to a folder on its own path.
	Loop
	// Unreadable: a folder or entry the walk could not read.
	Unreadable
	// NoSkills: a root under which no skill was found.
	NoSkills
)

// Problem is a layout problem at a path.
type Problem struct {
	Kind   ProblemKind
	Path   string
	Detail string
}
