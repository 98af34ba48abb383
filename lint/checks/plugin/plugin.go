package plugin

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Plugin manifest fields per code.claude.com/docs/en/plugins-reference
// (2026-08-22), the SchemaStore schema claude-code-plugin-manifest.json, and
// what `claude plugin validate` 2.1.332 (2026-11) accepts.
var (
	pluginFields = []string{
		"$schema", "name", "displayName", "version", "description", "author", "homepage",
		"repository", "license", "keywords", "icon", "metadata", "defaultEnabled", "skills", "commands",
		"agents", "workflows", "hooks", "mcpServers", "outputStyles", "lspServers",
		"experimental", "userConfig", "channels", "dependencies", "engines", "settings", "network",
		"themes", "monitors",
	}
	// marketplaceEntryFields belong in a plugin's marketplace entry, not in
	// plugin.json.
	marketplaceEntryFields = []string{"tags", "category", "strict", "source", "relevance"}
	// pathFields hold a path or a list of paths relative to the plugin root.
	pathFields = []string{"skills", "commands", "agents", "workflows", "outputStyles"}
	// configFields hold a path to a config file or the config inline.
	configFields       = []string{"hooks", "mcpServers", "lspServers"}
	pluginStringFields = []string{"$schema", "displayName", "description", "homepage", "license"}
	kebabCase          = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	semver             = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	// componentDirs are the default component folders that belong at the
	// plugin root, not inside .claude-plugin/.
	componentDirs = []string{"skills", "commands", "agents", "workflows", "output-styles", "hooks", "themes", "monitors"}
)

// manifestReport reports at a JSON value of a manifest file.
type manifestReport struct {
	p *analysis.Pass
	f *source.File
}

func (r manifestReport) at(v *jsonpos.Value, format string, args ...any) {
	r.p.Reportf(r.f, v.Offset, format, args...)
}

func (r manifestReport) atKey(m jsonpos.Member, format string, args ...any) {
	r.p.Reportf(r.f, m.KeyOffset, format, args...)
}

// pluginCheck adapts a check of a plugin manifest's top-level object; it is
// not called when the file is not a JSON object (SK601 reports that).
func pluginCheck(check func(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin)) func(*analysis.Pass, *manifest.Plugin) {
	return func(p *analysis.Pass, pl *manifest.Plugin) {
		if pl.JSON != nil && pl.JSON.Kind == jsonpos.Object {
			check(manifestReport{p, pl.File}, pl.JSON, pl)
		}
	}
}

func checkPluginFieldTypes(r manifestReport, obj *jsonpos.Value) {
	for _, m := range obj.Fields {
		v := m.Value
		switch {
		case slices.Contains(pluginStringFields, m.Key) || m.Key == "version":
			if v.Kind != jsonpos.String {
				r.at(v, "%s must be a string, not %s", m.Key, v.Kind)
			}
		case m.Key == "repository":
			if v.Kind != jsonpos.String && v.Kind != jsonpos.Object {
				r.at(v, "repository must be a URL string, not %s", v.Kind)
			}
		case m.Key == "keywords":
			checkStringArray(r, m.Key, v)
		case m.Key == "author":
			checkPerson(r, "author", v)
		case m.Key == "metadata" || m.Key == "experimental" || m.Key == "userConfig":
			if v.Kind != jsonpos.Object {
				r.at(v, "%s must be an object, not %s", m.Key, v.Kind)
			}
		case m.Key == "defaultEnabled":
			if v.Kind != jsonpos.Bool {
				r.at(v, "defaultEnabled must be true or false, not %s", v.Kind)
			}
		case slices.Contains(pathFields, m.Key):
			if v.Kind == jsonpos.Array {
				checkStringArray(r, m.Key, v)
			} else if v.Kind != jsonpos.String {
				r.at(v, "%s must be a path or a list of paths, not %s", m.Key, v.Kind)
			}
		case slices.Contains(configFields, m.Key):
			if v.Kind != jsonpos.String && v.Kind != jsonpos.Object && v.Kind != jsonpos.Array {
				r.at(v, "%s must be a path to a config file or the config itself, not %s", m.Key, v.Kind)
			}
		}
	}
}

func checkStringArray(r manifestReport, key string, v *jsonpos.Value) {
	if v.Kind != jsonpos.Array {
		r.at(v, "%s must be an array of strings, not %s", key, v.Kind)
		return
	}
	for _, it := range v.Items {
		if it.Kind != jsonpos.String {
			r.at(it, "%s entries must be strings, not %s", key, it.Kind)
		}
	}
}

// checkPerson checks an author or owner object: name required, email and url
// strings.
func checkPerson(r manifestReport, key string, v *jsonpos.Value) {
	if v.Kind != jsonpos.Object {
		r.at(v, "%s must be an object with a name, not %s", key, v.Kind)
		return
	}
	if n := v.Get("name"); n == nil {
		r.at(v, "%s needs a name", key)
	} else if n.Kind != jsonpos.String || strings.TrimSpace(n.Str) == "" {
		r.at(n, "%s.name must be a non-empty string, not %s", key, n.Kind)
	}
	for _, k := range []string{"email", "url"} {
		if x := v.Get(k); x != nil && x.Kind != jsonpos.String {
			r.at(x, "%s.%s must be a string, not %s", key, k, x.Kind)
		}
	}
}

// checkComponentPath checks one path of a component field.
func checkComponentPath(r manifestReport, root, key string, v *jsonpos.Value) {
	p := v.Str
	switch {
	case key == "skills" && p == ".":
	case !strings.HasPrefix(p, "./"):
		r.at(v, "%s path %s must start with \"./\" (relative to the plugin root)", key, msg.Quote(p))
		return
	}
	clean := filepath.Clean(filepath.FromSlash(p))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		r.at(v, "%s path %s leaves the plugin folder: it breaks once the plugin is installed, because only the plugin folder is copied", key, msg.Quote(p))
		return
	}
	if _, err := os.Stat(filepath.Join(root, clean)); err != nil {
		r.at(v, "%s path %s does not exist in the plugin", key, msg.Quote(p))
	}
}
