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

// SkillFolders returns the folders, relative to the plugin root with forward
// slashes, that Claude Code loads the plugin's skills from: skills/, and the
// paths the manifest's "skills" field lists, which add to it. ok is false
// when which folders load is unknown: the plugin has no manifest (a
// marketplace entry describes its components) or one that cannot be read
// or parsed.
func (p *Plugin) SkillFolders() (folders []string, ok bool) {
	if p.File == nil || p.Problem != nil || p.Err != nil {
		return nil, false
	}
	folders = []string{DefaultSkillFolder}
	field := p.JSON.Get("skills")
	if field == nil {
		return folders, true
	}
	paths := []*jsonpos.Value{field}
	if field.Kind == jsonpos.Array {
		paths = field.Items
	}
	for _, v := range paths {
		if v.Kind == jsonpos.String {
			folders = append(folders, path.Clean(strings.TrimPrefix(filepath.ToSlash(v.Str), "./")))
		}
	}
	return folders, true
}

// LoadsSkill reports whether Claude Code loads the skill in folder dir as
// one of the plugin's skills. It is false only when dir is below the plugin
// root, outside every skill folder and in no dot folder: a SKILL.md kept as
// documentation (docs/ja-JP/skills/…) or put where the plugin never looks.
// Skills in dot folders (.claude/skills, .agents/skills) are the project's
// or another agent's, not the plugin's, and the plugin root itself holds a
// plugin-root skill; both count as loaded.
func (p *Plugin) LoadsSkill(dir string) bool {
	folders, ok := p.SkillFolders()
	if !ok {
		return true
	}
	rel, err := filepath.Rel(p.Root, dir)
	if err != nil || !filepath.IsLocal(rel) {
		return true
	}
	rel = filepath.ToSlash(rel)
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	for _, f := range folders {
		if f == "." || rel == f || strings.HasPrefix(rel, f+"/") {
			return true
		}
	}
	return false
}
