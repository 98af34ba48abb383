// Package manifest reads Claude Code plugin manifests
// (.claude-plugin/plugin.json) and marketplace files
// (.claude-plugin/marketplace.json) into JSON trees whose every key and value
// has a position in the file.
package manifest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

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
