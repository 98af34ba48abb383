// Package plugincfg finds a plugin's hooks, MCP server and LSP server
// configurations as Claude Code reads them (code.claude.com/docs/en/plugins-reference):
// the default file (hooks/hooks.json, .mcp.json, .lsp.json), the files that
// plugin.json's hooks, mcpServers and lspServers fields name, and the
// configurations those fields hold inline.
package plugincfg

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Kind is a kind of configuration: the plugin.json field that names or
// holds it, and its default file.
type Kind struct {
	Field, Default string
}

// The kinds of configuration.
var (
	Hooks = Kind{"hooks", "hooks/hooks.json"}
	MCP   = Kind{"mcpServers", ".mcp.json"}
	LSP   = Kind{"lspServers", ".lsp.json"}
)

// Config is one configuration of a plugin.
type Config struct {
	// File holds the configuration: its own file, or plugin.json.
	File *source.File
	// Value is the file's top-level value, or the value of plugin.json's
	// field for a configuration written inline.
	Value *jsonpos.Value
	// Inline is true for a configuration written in plugin.json.
	Inline bool
}

// Files returns the files of kind k that Claude Code reads for the plugin:
// the default file when it exists, then each existing file inside the plugin
// that plugin.json's field names by a path starting with ./ (SK605 reports
// the others). A path naming the default file is left out: Claude Code reads
// that file once.
func Files(pl *manifest.Plugin, k Kind) []*manifest.JSONFile {
	var out []*manifest.JSONFile
	def := filepath.Join(pl.Root, filepath.FromSlash(k.Default))
	if info, err := os.Stat(def); err == nil && !info.IsDir() {
		out = append(out, pl.LoadJSON(def))
	}
	for _, p := range NamedPaths(pl, k) {
		if path := filepath.Join(pl.Root, filepath.FromSlash(p.Str)); path != def {
			if info, err := os.Stat(path); err == nil && !info.IsDir() {
				out = append(out, pl.LoadJSON(path))
			}
		}
	}
	return out
}

// NamedPaths returns the paths plugin.json's field of kind k names that
// start with ./ and stay inside the plugin.
func NamedPaths(pl *manifest.Plugin, k Kind) []*jsonpos.Value {
	v := pl.JSON.Get(k.Field)
	var values []*jsonpos.Value
	switch {
	case v == nil:
	case v.Kind == jsonpos.String:
		values = []*jsonpos.Value{v}
	case v.Kind == jsonpos.Array:
		values = v.Items
	}
	var out []*jsonpos.Value
	for _, p := range values {
		if p.Kind != jsonpos.String || !strings.HasPrefix(p.Str, "./") {
			continue
		}
		if clean := filepath.Clean(filepath.FromSlash(p.Str)); clean != ".." && !strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			out = append(out, p)
		}
	}
	return out
}

// Configs returns the configurations of kind k that Claude Code reads: the
// top-level object of each file that is a JSON object (SK801 reports the
// others), and each object plugin.json's field holds inline (the field
// itself, or objects in its list).
func Configs(pl *manifest.Plugin, k Kind) []Config {
	var out []Config
	for _, f := range Files(pl, k) {
		if f.JSON != nil && f.JSON.Kind == jsonpos.Object {
			out = append(out, Config{File: f.File, Value: f.JSON})
		}
	}
	v := pl.JSON.Get(k.Field)
	switch {
	case v == nil:
	case v.Kind == jsonpos.Object:
		out = append(out, Config{File: pl.File, Value: v, Inline: true})
	case v.Kind == jsonpos.Array:
		for _, it := range v.Items {
			if it.Kind == jsonpos.Object {
				out = append(out, Config{File: pl.File, Value: it, Inline: true})
			}
		}
	}
	return out
}

// EntryConfigs returns the configurations of kind k that the plugin
// entries of a marketplace hold inline (an entry may declare a plugin's
// components itself, as plugin.json does).
func EntryConfigs(m *manifest.Marketplace, k Kind) []Config {
	var out []Config
	entries := m.JSON.Get("plugins")
	if entries == nil || entries.Kind != jsonpos.Array {
		return nil
	}
	for _, e := range entries.Items {
		if v := e.Get(k.Field); v != nil && v.Kind == jsonpos.Object {
			out = append(out, Config{File: m.File, Value: v, Inline: true})
		}
	}
	return out
}
