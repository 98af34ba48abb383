package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
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

func init() {
	register(
		&analysis.Rule{
			ID: "SK601", Alias: "plugin-json-invalid", Severity: analysis.Error,
			Summary: "plugin.json must be a readable JSON object",
			Plugin: func(p *analysis.Pass, pl *manifest.Plugin) {
				reportManifestSyntax(p, pl.File, pl.Problem, pl.Err, pl.JSON, "plugin.json", "Claude Code does not load the plugin")
			},
		},
		&analysis.Rule{
			ID: "SK602", Alias: "plugin-name", Severity: analysis.Error,
			Summary: "plugin.json must have a name",
			Plugin: pluginCheck(func(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
				name := obj.Get("name")
				switch {
				case name == nil:
					r.at(obj, "plugin.json has no name, its only required field")
				case name.Kind != jsonpos.String || strings.TrimSpace(name.Str) == "":
					r.at(name, "name must be a non-empty string, not %s", name.Kind)
				}
			}),
		},
		&analysis.Rule{
			ID: "SK609", Alias: "plugin-name-style", Severity: analysis.Warning,
			Summary: "the plugin name should be kebab-case",
			Plugin: pluginCheck(func(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
				if name := obj.Get("name"); name != nil && name.Kind == jsonpos.String && name.Str != "" && !kebabCase.MatchString(name.Str) {
					r.at(name, "plugin name %s is not kebab-case (lowercase letters, digits and hyphens); it becomes the namespace of the plugin's skills, as in %s:skill-name", quote(name.Str), suggestName(name.Str))
				}
			}),
		},
		&analysis.Rule{
			ID: "SK603", Alias: "plugin-field-type", Severity: analysis.Error,
			Summary: "plugin.json fields must have their documented types",
			Plugin: pluginCheck(func(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
				checkPluginFieldTypes(r, obj)
			}),
		},
		&analysis.Rule{
			ID: "SK604", Alias: "plugin-field-unknown", Severity: analysis.Warning,
			Summary: "plugin.json fields must be ones Claude Code knows",
			Plugin: pluginCheck(func(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
				for _, m := range obj.Fields {
					if contains(pluginFields, m.Key) {
						continue
					}
					if contains(marketplaceEntryFields, m.Key) {
						r.atKey(m, "field %q belongs in the plugin's marketplace entry, not in plugin.json: Claude Code ignores it here (`claude plugin validate` warns, --strict fails)", m.Key)
						continue
					}
					hint := ""
					if near := closest(m.Key, pluginFields); near != "" {
						hint = fmt.Sprintf(": did you mean %q?", near)
					}
					r.atKey(m, "unknown plugin.json field %q%s (`claude plugin validate` warns, --strict fails)", m.Key, hint)
				}
			}),
		},
		&analysis.Rule{
			ID: "SK605", Alias: "plugin-path", Severity: analysis.Error,
			Summary: "component paths must start with ./, stay in the plugin and exist",
			Plugin: pluginCheck(func(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
				for _, key := range append(append([]string{}, pathFields...), configFields...) {
					v := obj.Get(key)
					if v == nil {
						continue
					}
					var paths []*jsonpos.Value
					switch v.Kind {
					case jsonpos.String:
						paths = []*jsonpos.Value{v}
					case jsonpos.Array:
						paths = v.Items
					}
					for _, pv := range paths {
						if pv.Kind == jsonpos.String {
							checkComponentPath(r, pl.Root, key, pv)
						}
					}
				}
			}),
		},
		&analysis.Rule{
			ID: "SK606", Alias: "plugin-components-misplaced", Severity: analysis.Warning,
			Summary: "component folders belong at the plugin root, not in .claude-plugin/",
			Plugin: func(p *analysis.Pass, pl *manifest.Plugin) {
				for _, dir := range componentDirs {
					path := filepath.Join(pl.Root, ".claude-plugin", dir)
					if info, err := os.Stat(path); err == nil && info.IsDir() {
						p.ReportPath(path, "%s/ is inside .claude-plugin/, where Claude Code does not look: move it to the plugin root", dir)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK607", Alias: "plugin-claude-md", Severity: analysis.Warning,
			Summary: "a CLAUDE.md at a plugin's root is not loaded",
			Plugin: func(p *analysis.Pass, pl *manifest.Plugin) {
				path := filepath.Join(pl.Root, "CLAUDE.md")
				if _, err := os.Stat(path); err == nil {
					p.ReportPath(path, "Claude Code does not load a CLAUDE.md from a plugin; put the guidance in a skill")
				}
			},
		},
		&analysis.Rule{
			ID: "SK608", Alias: "plugin-version", Severity: analysis.Warning,
			Summary: "version should be a semantic version",
			Plugin: pluginCheck(func(r manifestReport, obj *jsonpos.Value, pl *manifest.Plugin) {
				if v := obj.Get("version"); v != nil && v.Kind == jsonpos.String && !semver.MatchString(v.Str) {
					r.at(v, "version %s is not a semantic version such as \"1.2.0\"; Claude Code compares versions to offer updates", quote(v.Str))
				}
			}),
		},
	)
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

// reportManifestSyntax reports a manifest that could not be read, is not JSON
// or is not an object.
func reportManifestSyntax(p *analysis.Pass, f *source.File, prob *skill.Problem, err *jsonpos.SyntaxError, v *jsonpos.Value, name, consequence string) {
	switch {
	case prob != nil:
		p.ReportPath(prob.Path, "%s; %s", prob.Message, consequence)
	case f != nil && f.HasBOM():
		p.ReportFix(f, 0, &analysis.Fix{Message: "remove the byte order mark", Edits: []analysis.Edit{{Start: 0, End: len(source.BOM)}}},
			"%s starts with a byte order mark, which JSON parsers reject; %s", name, consequence)
	case err != nil:
		p.Reportf(f, err.Offset, "%s: %s; %s", name, err.Message, consequence)
	case v != nil && v.Kind != jsonpos.Object:
		p.Reportf(f, v.Offset, "%s must be a JSON object, not %s; %s", name, v.Kind, consequence)
	}
}

func checkPluginFieldTypes(r manifestReport, obj *jsonpos.Value) {
	for _, m := range obj.Fields {
		v := m.Value
		switch {
		case contains(pluginStringFields, m.Key) || m.Key == "version":
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
		case contains(pathFields, m.Key):
			if v.Kind == jsonpos.Array {
				checkStringArray(r, m.Key, v)
			} else if v.Kind != jsonpos.String {
				r.at(v, "%s must be a path or a list of paths, not %s", m.Key, v.Kind)
			}
		case contains(configFields, m.Key):
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
		r.at(v, "%s path %s must start with \"./\" (relative to the plugin root)", key, quote(p))
		return
	}
	clean := filepath.Clean(filepath.FromSlash(p))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		r.at(v, "%s path %s leaves the plugin folder: it breaks once the plugin is installed, because only the plugin folder is copied", key, quote(p))
		return
	}
	if _, err := os.Stat(filepath.Join(root, clean)); err != nil {
		r.at(v, "%s path %s does not exist in the plugin", key, quote(p))
	}
}
