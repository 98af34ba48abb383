// Package discover finds what a lint run checks under the paths it is given:
// skill folders (any folder holding a SKILL.md), plugin roots (folders
// holding .claude-plugin/plugin.json, and the local sources a marketplace
// names, which need no plugin.json), marketplaces
// (.claude-plugin/marketplace.json), and the agents and commands
// (agents/**/*.md, commands/**/*.md) of plugin roots and of projects' .claude
// folders, and records
// layout problems found on the way: a skill.md in the wrong case, a folder in
// skills/ without SKILL.md, a single-file skill that Claude Code does not
// load, symlink loops, folders it cannot read, and roots holding no skills at
// all.
//
// A skill's folder is always the parent directory of its SKILL.md. Claude
// Code loads skills/<name>/SKILL.md and nothing deeper, so a SKILL.md below a
// skill that sits in a skills folder is one of that skill's files; elsewhere
// (a repository whose root is a skill, holding more skills) a nested SKILL.md
// makes a skill of its own, whose files are not the outer skill's. Below the
// roots, .git, node_modules and test fixture folders (testdata, fixtures)
// are skipped; other dot folders are walked, so skills kept for other agents
// (.agents/skills, .github/skills, .gemini/skills, …) are linted too, and
// only a folder holding a SKILL.md is a skill there. Symbolic links to folders are followed after
// every real folder, and every folder is walked once: a folder reached both
// ways is reported under its own path, a link back to a folder on its own
// path is reported as a loop. Inside a skill folder, every symbolic link is
// recorded, and a link to a folder outside the skill is not followed: a
// skill's files are what the folder holds, and a link to / must not turn one
// skill into the whole disk.
package discover

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// Options tune a walk.
type Options struct {
	// Exclude, when set, reports paths (as shown to the user, with the OS
	// separator) the walk must skip entirely.
	Exclude func(path string, dir bool) bool
	// OnSkill, when set, is called with each skill as soon as its folder has
	// been walked, so that linting can start before the walk ends.
	OnSkill func(*layout.SkillDir)
}

// Walk finds skills, plugins and marketplaces under roots. A root is a
// folder, or a file: a SKILL.md or any other file of a skill stands for its
// skill folder, a plugin.json or marketplace.json for its plugin or
// marketplace root, and a file outside any skill (a README given by a
// pre-commit hook) is skipped. A folder under which no skill is found is a
// finding. Walk fails only when a root does not exist or ctx ends.
func Walk(ctx context.Context, roots []string, opts Options) (*layout.Layout, error) {
	res := &layout.Layout{Roots: roots}
	seen := map[fileID]bool{}
	loading := map[string]bool{}
	done := map[string]bool{}
	for _, root := range roots {
		dir, explicit, err := rootFolder(root)
		if err != nil {
			return nil, err
		}
		if dir == "" || done[filepath.Clean(dir)] {
			continue
		}
		done[filepath.Clean(dir)] = true
		info, err := os.Stat(dir)
		if err != nil {
			return nil, err
		}
		before := len(res.Skills) + len(res.Plugins) + len(res.Markets)
		w := &walker{ctx: ctx, root: dir, res: res, opts: opts, seen: seen, loading: loading,
			realDirs: map[*layout.SkillDir]string{}, marketPlugins: map[string]bool{}, marketSkills: map[string]bool{},
			rootPlugin: enclosingPlugin(dir)}
		if err := w.dir(dir, info, nil); err != nil {
			return nil, err
		}
		for len(w.pending) > 0 {
			next := w.pending[0]
			w.pending = w.pending[1:]
			if err := w.dir(next.path, next.info, next.parent); err != nil {
				return nil, err
			}
		}
		if explicit && len(res.Skills)+len(res.Plugins)+len(res.Markets) == before {
			res.Problems = append(res.Problems, layout.Problem{Kind: layout.NoSkills, Path: root, Detail: "no SKILL.md found"})
		}
	}
	sort.Slice(res.Skills, func(i, j int) bool { return res.Skills[i].Dir < res.Skills[j].Dir })
	sort.Strings(res.Plugins)
	sort.Strings(res.Markets)
	sort.Slice(res.Components, func(i, j int) bool { return res.Components[i].Path < res.Components[j].Path })
	return res, nil
}

// rootFolder returns the folder to walk for a root and whether finding no
// skill under it is a finding (for folders and manifests given by name);
// "" for a file outside any skill.
func rootFolder(root string) (string, bool, error) {
	info, err := os.Stat(root)
	if err != nil {
		return "", false, err
	}
	if info.IsDir() {
		return root, true, nil
	}
	parent := filepath.Dir(root)
	switch base := filepath.Base(root); {
	case isSkillFileName(base):
		return parent, true, nil
	case (base == "plugin.json" || base == "marketplace.json") && filepath.Base(parent) == ".claude-plugin":
		return filepath.Dir(parent), true, nil
	}
	for dir := parent; ; dir = filepath.Dir(dir) {
		if entries, err := os.ReadDir(dir); err == nil {
			for _, e := range entries {
				if !e.IsDir() && isSkillFileName(e.Name()) {
					return dir, false, nil
				}
			}
		}
		if filepath.Dir(dir) == dir || filepath.Base(dir) == ".git" {
			return "", false, nil
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", false, nil // the top of the repository
		}
	}
}

type walker struct {
	ctx  context.Context
	root string // the folder this walk started from
	res  *layout.Layout
	opts Options
	seen map[fileID]bool // folders already walked
	// loading caches isLoadingLocation by folder.
	loading map[string]bool
	// realDirs caches skill folders with symbolic links resolved.
	realDirs map[*layout.SkillDir]string
	// pending are symbolic links to folders, walked after every real
	// folder, so that a folder reached both ways is reported by its own path.
	pending []pendingDir
	// marketPlugins are the plugin roots that marketplaces name by a local
	// source (a plugin needs no plugin.json when its entry describes it).
	marketPlugins map[string]bool
	// marketSkills are the folders that marketplace entries list under
	// "skills": the skills there load with the entry's plugin.
	marketSkills map[string]bool
	// rootPlugin is the plugin root above the walk's root folder, or "":
	// a skill linted alone belongs to the plugin it lies in.
	rootPlugin string
}

// enclosingPlugin returns the innermost folder above dir (dir excluded)
// that holds .claude-plugin/plugin.json, looking up to the top of the
// repository; "" when there is none.
func enclosingPlugin(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; filepath.Dir(d) != d; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return ""
		}
		d = filepath.Dir(d)
		if info, err := os.Stat(filepath.Join(d, ".claude-plugin", "plugin.json")); err == nil && !info.IsDir() {
			up, _ := filepath.Rel(abs, d) // "..", "../..": the plugin as dir is written
			return filepath.Join(dir, up)
		}
	}
	return ""
}

// skippedFolders are not walked below a root: version control, installed
// packages, and the fixtures of a repository's tests, whose skills are
// broken on purpose (a root given by name is walked whatever its name).
// Python virtual environments (isVirtualEnvMarker) and .claude/worktrees
// are skipped too.
var skippedFolders = map[string]bool{".git": true, "node_modules": true, "testdata": true, "fixtures": true, "__fixtures__": true}

// isVirtualEnvMarker reports the file that marks a Python virtual
// environment (python -m venv, uv, virtualenv), whatever the folder's name.
func isVirtualEnvMarker(e fs.DirEntry) bool {
	return e.Name() == "pyvenv.cfg" && !e.IsDir()
}

// pendingDir is a symbolic link to a folder, waiting to be walked.
type pendingDir struct {
	path   string
	info   fs.FileInfo
	parent *frame
}

// frame is one folder on the current path, for attributing files to the
// innermost skill and for detecting loops.
type frame struct {
	id     fileID
	skill  *layout.SkillDir // the innermost skill containing this folder, if any
	plugin string           // the innermost plugin root containing this folder, if any
	// component is the kind of agents or commands folder this folder is in
	// (0 when none), componentPlugin the plugin that folder belongs to.
	component       layout.ComponentKind
	componentPlugin string
	parent          *frame
}

func (f *frame) onPath(id fileID) bool {
	for ; f != nil; f = f.parent {
		if f.id == id {
			return true
		}
	}
	return false
}

// dir walks the folder at path, whose (followed) file info is info.
func (w *walker) dir(path string, info fs.FileInfo, parent *frame) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	id := idOf(path, info)
	if parent.onPath(id) {
		w.finding(layout.Loop, path, "symbolic link leads back to a folder it is inside of")
		return nil
	}
	if w.seen[id] {
		return nil
	}
	w.seen[id] = true
	entries, err := os.ReadDir(path)
	if err != nil {
		w.finding(layout.Unreadable, path, reason(err))
		return nil
	}
	if parent != nil && slices.ContainsFunc(entries, isVirtualEnvMarker) {
		return nil // installed packages, like node_modules
	}
	here := &frame{id: id, parent: parent, plugin: w.rootPlugin}
	if parent != nil {
		here.skill, here.plugin = parent.skill, parent.plugin
		here.component, here.componentPlugin = parent.component, parent.componentPlugin
	}
	if kind, plugin := componentFolder(path, parent); kind != 0 {
		here.component, here.componentPlugin = kind, plugin
	}
	switch {
	case hasPluginManifest(path, entries):
		here.plugin = path // listed in Plugins when its .claude-plugin folder is met
	case w.marketPlugins[filepath.Clean(path)]:
		here.plugin = path
		w.res.Plugins = append(w.res.Plugins, path) // its marketplace entry stands for plugin.json
	}
	// Claude Code loads skills/<name>/SKILL.md and nothing deeper: a
	// SKILL.md inside a skill that sits in a skills folder is a file of that
	// skill (an example, a template, a fixture), not a skill of its own.
	inLoadedSkill := here.skill != nil && filepath.Base(filepath.Dir(here.skill.Dir)) == "skills"
	if !inLoadedSkill {
		if sd := w.skillIn(path, entries); sd != nil {
			sd.Plugin = here.plugin
			sd.Declared = w.declared(path)
			here.skill = sd
		}
	}
	if here.skill == nil && w.isLoadingLocation(filepath.Dir(path)) && !strings.HasPrefix(filepath.Base(path), ".") {
		defer w.checkSkillsChild(path, len(w.res.Skills))
	}
	for _, e := range entries {
		name := e.Name()
		child := filepath.Join(path, name)
		isDir, link, info := w.resolve(child, e)
		if info == nil {
			continue
		}
		if w.opts.Exclude != nil && w.opts.Exclude(child, isDir) {
			continue
		}
		outside := false
		if link && here.skill != nil {
			if outside = w.skillLink(here.skill, child, isDir); outside && isDir {
				continue // not followed
			}
		}
		if isDir {
			if skippedFolders[name] || name == "worktrees" && filepath.Base(path) == ".claude" {
				continue // .claude/worktrees: Claude Code's checkouts of other branches
			}
			if name == ".claude-plugin" {
				w.manifests(path, child)
			}
			if link && here.skill == nil {
				w.pending = append(w.pending, pendingDir{child, info, here})
				continue
			}
			if err := w.dir(child, info, here); err != nil {
				return err
			}
			continue
		}
		w.addComponent(here, child, info, link)
		if here.skill != nil {
			rel, _ := filepath.Rel(here.skill.Dir, child)
			fi := layout.File{Rel: filepath.ToSlash(rel), Size: info.Size(), Mode: info.Mode(), Link: link, Outside: outside}
			if child == here.skill.File {
				here.skill.Info = fi
			} else {
				here.skill.Files = append(here.skill.Files, fi)
			}
		}
		if w.isLoadingLocation(path) && strings.EqualFold(filepath.Ext(name), ".md") &&
			!isSkillFileName(name) && info.Mode().IsRegular() && startsWithFrontmatter(child) {
			w.finding(layout.FlatSkill, child, "")
		}
	}
	if here.skill != nil && here.skill.Dir == path {
		sort.Slice(here.skill.Files, func(i, j int) bool { return here.skill.Files[i].Rel < here.skill.Files[j].Rel })
		sort.Slice(here.skill.Links, func(i, j int) bool { return here.skill.Links[i].Rel < here.skill.Links[j].Rel })
		if w.opts.OnSkill != nil {
			w.opts.OnSkill(here.skill)
		}
	}
	return nil
}

// skillLink records a symbolic link inside a skill folder and reports
// whether it leads outside the skill: a folder there is not walked, a file
// there is not read.
func (w *walker) skillLink(sd *layout.SkillDir, path string, isDir bool) bool {
	rel, _ := filepath.Rel(sd.Dir, path)
	target, _ := os.Readlink(path)
	l := layout.Link{Rel: filepath.ToSlash(rel), Target: target, Dir: isDir, Outside: true}
	realDir, ok := w.realDirs[sd]
	if !ok {
		realDir = evalOr(sd.Dir)
		w.realDirs[sd] = realDir
	}
	if in, err := filepath.Rel(realDir, evalOr(path)); err == nil {
		l.Outside = in == ".." || strings.HasPrefix(in, ".."+string(filepath.Separator))
	}
	sd.Links = append(sd.Links, l)
	return l.Outside
}

// hasPluginManifest reports whether the folder holds .claude-plugin/plugin.json.
func hasPluginManifest(path string, entries []os.DirEntry) bool {
	for _, e := range entries {
		if e.Name() == ".claude-plugin" {
			info, err := os.Stat(filepath.Join(path, ".claude-plugin", "plugin.json"))
			return err == nil && !info.IsDir()
		}
	}
	return false
}

// skillIn registers the skill whose SKILL.md (or misnamed skill.md) is among
// entries, if any.
func (w *walker) skillIn(path string, entries []os.DirEntry) *layout.SkillDir {
	var exact, other string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		switch name := e.Name(); {
		case name == layout.SkillFileName:
			exact = name
		case strings.EqualFold(name, layout.SkillFileName):
			other = name
			w.finding(layout.Misnamed, filepath.Join(path, name), "")
		}
	}
	file := exact
	if file == "" {
		file = other
	}
	if file == "" {
		return nil
	}
	name := filepath.Base(path)
	if name == "." || name == ".." || name == string(filepath.Separator) {
		name = filepath.Base(absOr(path))
	}
	sd := &layout.SkillDir{Dir: path, Name: name, File: filepath.Join(path, file), Root: w.root}
	w.res.Skills = append(w.res.Skills, sd)
	return sd
}

// checkSkillsChild reports a folder directly in skills/ under which no skill
// was found.
func (w *walker) checkSkillsChild(path string, skillsBefore int) {
	if len(w.res.Skills) == skillsBefore {
		w.finding(layout.NoSkillFile, path, "")
	}
}

func (w *walker) manifests(root, dotDir string) {
	for _, m := range []struct {
		name string
		list *[]string
	}{{"plugin.json", &w.res.Plugins}, {"marketplace.json", &w.res.Markets}} {
		if info, err := os.Stat(filepath.Join(dotDir, m.name)); err == nil && !info.IsDir() {
			*m.list = append(*m.list, root)
		}
	}
	sources, skills := marketplaceSources(root, filepath.Join(dotDir, "marketplace.json"))
	for _, dir := range sources {
		w.marketPlugins[dir] = true
	}
	for _, dir := range skills {
		w.marketSkills[dir] = true
	}
}

// declared reports a skill folder that a marketplace entry lists under
// "skills", itself or a folder above it, up to the walk's root.
func (w *walker) declared(dir string) bool {
	if len(w.marketSkills) == 0 {
		return false
	}
	root := filepath.Clean(w.root)
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if w.marketSkills[d] {
			return true
		}
		if d == root || filepath.Dir(d) == d {
			return false
		}
	}
}

// maxMarketplace bounds the marketplace file read for its plugin sources.
const maxMarketplace = 4 << 20

// marketplaceSources returns the plugin folders a marketplace names by a
// local source ("./plugins/x", under metadata.pluginRoot when set) and the
// skill folders its entries list under "skills", cleaned paths as the walk
// spells them. A file that cannot be read names none: the manifest rules
// report it.
func marketplaceSources(root, file string) (sources, skills []string) {
	data, err := safefs.ReadFile(file, maxMarketplace)
	if err != nil {
		return nil, nil
	}
	var m struct {
		Metadata struct {
			PluginRoot string `json:"pluginRoot"`
		} `json:"metadata"`
		Plugins []struct {
			Source json.RawMessage `json:"source"`
			Skills json.RawMessage `json:"skills"`
		} `json:"plugins"`
	}
	if json.Unmarshal(data, &m) != nil {
		return nil, nil
	}
	for _, p := range m.Plugins {
		var source string
		if json.Unmarshal(p.Source, &source) != nil || !strings.HasPrefix(source, "./") && !strings.HasPrefix(source, "../") && source != "." {
			continue // a remote source (github, url, npm, …)
		}
		dir := filepath.Clean(filepath.Join(root, filepath.FromSlash(m.Metadata.PluginRoot), filepath.FromSlash(source)))
		sources = append(sources, dir)
		var paths []string
		if json.Unmarshal(p.Skills, &paths) != nil {
			var one string
			if json.Unmarshal(p.Skills, &one) == nil {
				paths = []string{one}
			}
		}
		for _, s := range paths {
			skills = append(skills, filepath.Clean(filepath.Join(dir, filepath.FromSlash(s))))
		}
	}
	return sources, skills
}

// resolve stats an entry, following a symbolic link. info is nil when the
// entry cannot be read (which is recorded).
func (w *walker) resolve(path string, e os.DirEntry) (isDir, link bool, info fs.FileInfo) {
	var err error
	// A skill file that cannot be read is reported when the skill is loaded.
	report := !isSkillFileName(e.Name())
	if e.Type()&fs.ModeSymlink != 0 {
		link = true
		info, err = os.Stat(path)
		if err != nil {
			if !report {
				return false, true, nil
			}
			if errors.Is(err, fs.ErrNotExist) {
				w.finding(layout.Unreadable, path, "symbolic link to a missing file")
			} else {
				w.finding(layout.Unreadable, path, reason(err))
			}
			return false, true, nil
		}
		return info.IsDir(), true, info
	}
	info, err = e.Info()
	if err != nil {
		if report {
			w.finding(layout.Unreadable, path, reason(err))
		}
		return false, false, nil
	}
	return info.IsDir(), false, info
}

func (w *walker) finding(kind layout.ProblemKind, path, detail string) {
	w.res.Problems = append(w.res.Problems, layout.Problem{Kind: kind, Path: path, Detail: detail})
}

// isLoadingLocation reports a skills/ folder that agents load skills from:
// .claude/skills, .agents/skills or .github/skills (layout.ProjectSkillsDir),
// or the skills/ folder of a plugin root (one holding
// .claude-plugin/plugin.json). Other folders named skills, such as those of
// agents' own folders (.gemini/skills, .cursor/skills), are ordinary folders
// whose layout skillcheck does not presume; the skills in them are linted
// all the same.
func (w *walker) isLoadingLocation(dir string) bool {
	if filepath.Base(dir) != "skills" {
		return false
	}
	if known, ok := w.loading[dir]; ok {
		return known
	}
	_, project := layout.ProjectSkillsDir(absOr(dir))
	_, err := os.Stat(filepath.Join(filepath.Dir(absOr(dir)), ".claude-plugin", "plugin.json"))
	loading := project || err == nil
	w.loading[dir] = loading
	return loading
}

// reason is an error without the path it names (the finding shows it).
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func isSkillFileName(name string) bool { return strings.EqualFold(name, layout.SkillFileName) }

// evalOr returns path with symbolic links resolved, or its absolute form.
func evalOr(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if abs, err := filepath.Abs(real); err == nil {
			return abs
		}
	}
	return absOr(path)
}

func absOr(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// startsWithFrontmatter reports whether the regular file begins with "---".
func startsWithFrontmatter(path string) bool {
	f, err := safefs.OpenRegular(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 3)
	n, _ := f.Read(buf)
	return string(buf[:n]) == "---"
}
