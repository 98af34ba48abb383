// Package manifest reads Claude Code plugin manifests
// (.claude-plugin/plugin.json) and marketplace files
// (.claude-plugin/marketplace.json) into JSON trees whose every key and value
// has a position in the file.
package manifest

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Plugin is a plugin root and its manifest.
type Plugin struct {
	// Root is the plugin folder (the parent of .claude-plugin).
	Root string
	// File is plugin.json; nil with Problem set when it could not be read,
	// nil with Problem nil when the plugin has none (a marketplace entry
	// describes it).
	File    *source.File
	Problem *skill.Problem
	// JSON is the parsed manifest; nil with Err set when it is not JSON.
	JSON *jsonpos.Value
	Err  *jsonpos.SyntaxError
	// maxSize bounds the files read for the plugin; overlay holds the
	// unsaved content that stands in for some of them.
	maxSize int64
	overlay skill.Overlay
}

// Marketplace is a marketplace root and its catalogue.
type Marketplace struct {
	Root    string
	File    *source.File
	Problem *skill.Problem
	JSON    *jsonpos.Value
	Err     *jsonpos.SyntaxError
}

// LoadPlugin reads root/.claude-plugin/plugin.json, from the overlay when
// it holds the file. The manifest is optional: without one, the plugin has
// no File and no Problem.
func LoadPlugin(root string, maxSize int64, overlay skill.Overlay) *Plugin {
	p := &Plugin{Root: root, maxSize: maxSize, overlay: overlay}
	path := filepath.Join(root, ".claude-plugin", "plugin.json")
	if _, inOverlay := overlay[filepath.Clean(path)]; !inOverlay {
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
	p.File, p.Problem, p.JSON, p.Err = load(path, maxSize, overlay)
	return p
}

// LoadMarketplace reads root/.claude-plugin/marketplace.json, from the
// overlay when it holds the file.
func LoadMarketplace(root string, maxSize int64, overlay skill.Overlay) *Marketplace {
	m := &Marketplace{Root: root}
	m.File, m.Problem, m.JSON, m.Err = load(filepath.Join(root, ".claude-plugin", "marketplace.json"), maxSize, overlay)
	return m
}

func load(path string, maxSize int64, overlay skill.Overlay) (*source.File, *skill.Problem, *jsonpos.Value, *jsonpos.SyntaxError) {
	f, prob := overlay.ReadFile(path, maxSize)
	if prob != nil {
		return nil, prob, nil, nil
	}
	start := 0
	if f.HasBOM() {
		start = len(source.BOM)
	}
	v, err := jsonpos.Parse(f.Src[start:])
	if err != nil {
		err.Offset += start
		return f, nil, nil, err
	}
	shift(v, start)
	return f, nil, v, nil
}

func shift(v *jsonpos.Value, by int) {
	if by == 0 {
		return
	}
	v.Offset += by
	for _, it := range v.Items {
		shift(it, by)
	}
	for i := range v.Fields {
		v.Fields[i].KeyOffset += by
		shift(v.Fields[i].Value, by)
	}
}

// DefaultSkillFolder is where Claude Code looks for a plugin's skills,
// relative to the plugin root.
const DefaultSkillFolder = "skills"

// SkillFolders are the folders a plugin loads its skills from.
type SkillFolders struct {
	// Root is the plugin root.
	Root string
	// Paths are relative to Root with forward slashes: skills, and the
	// paths the manifest's "skills" field lists, which add to it.
	Paths []string
	// Known is false when which folders load is unknown: the plugin has no
	// manifest (a marketplace entry describes its components) or one that
	// cannot be read or parsed.
	Known bool
}

// SkillFolders returns the folders the plugin loads its skills from.
func (p *Plugin) SkillFolders() SkillFolders {
	f := SkillFolders{Root: p.Root}
	if p.File == nil || p.Problem != nil || p.Err != nil {
		return f
	}
	f.Known = true
	f.Paths = []string{DefaultSkillFolder}
	field := p.JSON.Get("skills")
	if field == nil {
		return f
	}
	paths := []*jsonpos.Value{field}
	if field.Kind == jsonpos.Array {
		paths = field.Items
	}
	for _, v := range paths {
		if v.Kind == jsonpos.String {
			f.Paths = append(f.Paths, path.Clean(strings.TrimPrefix(filepath.ToSlash(v.Str), "./")))
		}
	}
	return f
}

// Loads reports whether Claude Code loads the skill in folder dir as one of
// the plugin's skills. It is false only when dir is below the plugin root,
// outside every skill folder and in no dot folder: a SKILL.md kept as
// documentation (docs/ja-JP/skills/…) or put where the plugin never looks.
// Skills in dot folders (.claude/skills, .agents/skills) are the project's
// or another agent's, not the plugin's, and the plugin root itself holds a
// plugin-root skill; both count as loaded, as does every skill of a plugin
// whose folders are not known.
func (f SkillFolders) Loads(dir string) bool {
	if !f.Known {
		return true
	}
	rel, err := filepath.Rel(f.Root, dir)
	if err != nil || !filepath.IsLocal(rel) {
		return true
	}
	rel = filepath.ToSlash(rel)
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	for _, p := range f.Paths {
		if p == "." || rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}
