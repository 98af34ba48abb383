package components

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// serverNoun names a server of a kind in messages.
var serverNoun = map[plugincfg.Kind]string{plugincfg.MCP: "MCP server", plugincfg.LSP: "LSP server"}

// eachServer calls fn with each server of an MCP or LSP configuration that
// is an object. An MCP file holds its servers under "mcpServers" (one
// without that key is read as holding them at the top, as an inline
// mcpServers does, rather than judged by a guess); an LSP file and the
// inline fields hold them at the top.
func eachServer(c plugincfg.Config, k plugincfg.Kind, fn func(name string, s *jsonpos.Value)) {
	srv := servers(c, k)
	if srv == nil {
		return
	}
	for _, m := range srv.Fields {
		if m.Value.Kind == jsonpos.Object {
			fn(m.Key, m.Value)
		}
	}
}

// servers returns the object that maps server names to servers, or nil.
func servers(c plugincfg.Config, k plugincfg.Kind) *jsonpos.Value {
	v := c.Value
	if k == plugincfg.MCP && !c.Inline && v.Get("mcpServers") != nil {
		v = v.Get("mcpServers")
	}
	if v.Kind != jsonpos.Object {
		return nil
	}
	return v
}

// pluginRootRef finds a path written after ${CLAUDE_PLUGIN_ROOT} (also
// $CLAUDE_PLUGIN_ROOT and ${CLAUDE_PLUGIN_ROOT:-default}), with the
// placeholder in quotes or not.
var pluginRootRef = regexp.MustCompile(`\$(?:\{CLAUDE_PLUGIN_ROOT(?::?[-=][^}]*)?\}|CLAUDE_PLUGIN_ROOT\b)["']?(/[^\s"'` + "`" + `;|&<>()]*)`)

// generated are folders a plugin's own setup creates at run time (installed
// packages, virtual environments, caches): a path through them need not
// exist in the repository.
var generated = []string{"node_modules", ".venv", "venv", "env", "__pycache__", ".cache", "target"}

// ignoredFolder reports whether one of the folders of a path is named by a
// line of a .gitignore file in the plugin root or above it, up to the top of
// the repository: a build's output (dist/), which the plugin's release
// carries but the repository does not.
func ignoredFolder(root string, folders []string) bool {
	if len(folders) == 0 {
		return false
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	for dir := root; ; dir = filepath.Dir(dir) {
		if data, err := safefs.ReadFile(filepath.Join(dir, ".gitignore"), maxGitignore); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if name := strings.Trim(strings.TrimSpace(line), "/"); name != "" && slices.Contains(folders, name) {
					return true
				}
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil || filepath.Dir(dir) == dir {
			return false
		}
	}
}

// maxGitignore bounds the .gitignore files read.
const maxGitignore = 1 << 20

// missingPluginPaths returns the paths, relative to the plugin root, that
// text names through ${CLAUDE_PLUGIN_ROOT} and that do not exist under
// root. A path with shell expansions or globs in it, one that is written to
// (after >), and one through a folder the plugin generates are left out.
func missingPluginPaths(root, text string) []string {
	var out []string
	for _, m := range pluginRootRef.FindAllStringSubmatchIndex(text, -1) {
		rel := strings.Trim(text[m[2]:m[3]], "/")
		if rel == "" || strings.ContainsAny(rel, "$*?{}[]~\\") || m[3] < len(text) && strings.ContainsRune("$*?{[", rune(text[m[3]])) {
			continue
		}
		if before := strings.TrimRight(text[:m[0]], " \t\"'"); strings.HasSuffix(before, ">") {
			continue
		}
		parts := strings.Split(rel, "/")
		if slices.ContainsFunc(parts, func(p string) bool { return slices.Contains(generated, p) }) || slices.Contains(parts, "..") {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err != nil && !ignoredFolder(root, parts[:len(parts)-1]) {
			out = append(out, rel)
		}
	}
	return out
}

// serverReport reports the problems of the servers of one file.
type serverReport struct {
	p *analysis.Pass
	f *source.File
}

// at reports at v: what (a server's name) and the message.
func (r serverReport) at(v *jsonpos.Value, what, format string, args ...any) {
	if what != "" {
		format = what + " " + format
	}
	r.p.Reportf(r.f, v.Offset, format, args...)
}

// needString reports a server whose key is missing or not a string.
func (r serverReport) needString(s *jsonpos.Value, what, key string) {
	switch v := s.Get(key); {
	case v == nil:
		r.at(s, what, "has no %s; Claude Code skips it", key)
	case v.Kind != jsonpos.String:
		r.at(v, what, "has %s %s, which must be a string; Claude Code skips the server", key, v.Kind)
	}
}

// stringList reports a key that is present and not a list of strings.
func (r serverReport) stringList(s *jsonpos.Value, what, key string) {
	v := s.Get(key)
	if v == nil {
		return
	}
	if v.Kind != jsonpos.Array {
		r.at(v, what, "has %s %s, which must be a list of strings; Claude Code skips the server", key, v.Kind)
		return
	}
	for _, it := range v.Items {
		if it.Kind != jsonpos.String {
			r.at(it, what, "has an entry of %s that is %s, not a string; Claude Code skips the server", key, it.Kind)
		}
	}
}

// stringMap reports a key that is present and not an object of strings.
func (r serverReport) stringMap(s *jsonpos.Value, what, key string) {
	v := s.Get(key)
	if v == nil {
		return
	}
	if v.Kind != jsonpos.Object {
		r.at(v, what, "has %s %s, which must be an object of strings; Claude Code skips the server", key, v.Kind)
		return
	}
	for _, m := range v.Fields {
		if m.Value.Kind != jsonpos.String {
			r.at(m.Value, what, "has %s.%s %s, which must be a string; Claude Code skips the server", key, m.Key, m.Value.Kind)
		}
	}
}

// describe names a value for messages: a string quoted, otherwise its kind.
func describe(v *jsonpos.Value) string {
	if v.Kind == jsonpos.String {
		return msg.Quote(v.Str)
	}
	return v.Kind.String()
}
