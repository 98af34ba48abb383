package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// Marketplace rules per code.claude.com/docs/en/plugin-marketplaces
// (2026-08-22).
var (
	reservedMarketplaces = []string{
		"claude-code-marketplace", "claude-code-plugins", "claude-plugins-official",
		"claude-plugins-community", "claude-community", "anthropic-marketplace", "anthropic-plugins",
		"agent-skills", "anthropic-agent-skills", "knowledge-work-plugins", "life-sciences",
		"claude-for-legal", "claude-for-financial-services", "financial-services-plugins",
		"first-party-plugins", "healthcare",
	}
	desktopReserved = []string{"org", "org-provisioned", "unknown"}
	desktopName     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
	// sourceTypes maps each object source type to the keys it requires.
	sourceTypes = map[string][]string{
		"github": {"repo"}, "url": {"url"}, "git-subdir": {"url", "path"},
		"npm": {"package"}, "archive": {"url"}, "command": {"command"},
	}
	// componentKeys are entry fields that declare components.
	componentKeys = []string{"skills", "commands", "agents", "workflows", "hooks", "mcpServers", "outputStyles", "lspServers"}
)

// marketCheck adapts a check of a marketplace's top-level object; it is not
// called when the file is not a JSON object (SK621 reports that).
func marketCheck(check func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace)) func(*analysis.Pass, *manifest.Marketplace) {
	return func(p *analysis.Pass, m *manifest.Marketplace) {
		if obj := marketObject(m); obj != nil {
			check(manifestReport{p, m.File}, obj, m)
		}
	}
}

// marketObject returns the marketplace's top-level object, or nil.
func marketObject(m *manifest.Marketplace) *jsonpos.Value {
	if m.JSON == nil || m.JSON.Kind != jsonpos.Object {
		return nil
	}
	return m.JSON
}

// entries returns the plugin entries that are objects.
func entries(obj *jsonpos.Value) []*jsonpos.Value {
	pl := obj.Get("plugins")
	if pl == nil || pl.Kind != jsonpos.Array {
		return nil
	}
	var out []*jsonpos.Value
	for _, e := range pl.Items {
		if e.Kind == jsonpos.Object {
			out = append(out, e)
		}
	}
	return out
}

// relativeSource returns the plugin folder of an entry whose source is a
// relative path, or "".
func relativeSource(root string, obj, e *jsonpos.Value) string {
	src := e.Get("source")
	if src == nil || src.Kind != jsonpos.String {
		return ""
	}
	p := src.Str
	if !strings.HasPrefix(p, "./") {
		base := ""
		if md := obj.Get("metadata"); md != nil {
			if pr := md.Get("pluginRoot"); pr != nil && pr.Kind == jsonpos.String {
				base = pr.Str
			}
		}
		if base == "" {
			return ""
		}
		p = filepath.Join(base, p)
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK621", Alias: "marketplace-json-invalid", Severity: analysis.Error,
			Summary: "marketplace.json must be a readable JSON object",
			Marketplace: func(p *analysis.Pass, m *manifest.Marketplace) {
				reportManifestSyntax(p, m.File, m.Problem, m.Err, m.JSON, "marketplace.json", "`/plugin marketplace add` fails")
			},
		},
		&analysis.Rule{
			ID: "SK622", Alias: "marketplace-required", Severity: analysis.Error,
			Summary: "marketplace.json needs name, owner.name and a plugins array",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				if n := obj.Get("name"); n == nil {
					r.at(obj, "marketplace.json has no name")
				} else if n.Kind != jsonpos.String || strings.TrimSpace(n.Str) == "" {
					r.at(n, "name must be a non-empty string, not %s", n.Kind)
				}
				if o := obj.Get("owner"); o == nil {
					r.at(obj, "marketplace.json has no owner (an object with a name)")
				} else {
					checkPerson(r, "owner", o)
				}
				if pl := obj.Get("plugins"); pl == nil {
					r.at(obj, "marketplace.json has no plugins array")
				} else if pl.Kind != jsonpos.Array {
					r.at(pl, "plugins must be an array, not %s", pl.Kind)
				}
			}),
		},
		&analysis.Rule{
			ID: "SK623", Alias: "marketplace-name", Severity: analysis.Error,
			Summary: "the marketplace name must not be reserved",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				if n := obj.Get("name"); n != nil && n.Kind == jsonpos.String && contains(reservedMarketplaces, strings.ToLower(n.Str)) {
					r.at(n, "marketplace name %s is reserved for Anthropic's marketplaces; Claude Code refuses it", quote(n.Str))
				}
			}),
		},
		&analysis.Rule{
			ID: "SK624", Alias: "marketplace-name-style", Severity: analysis.Warning,
			Summary: "marketplace and plugin names should be kebab-case and accepted by Claude Desktop",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				if n := obj.Get("name"); n != nil && n.Kind == jsonpos.String && n.Str != "" {
					switch {
					case contains(desktopReserved, n.Str):
						r.at(n, "marketplace name %s is reserved in Claude Desktop", quote(n.Str))
					case !desktopName.MatchString(n.Str):
						r.at(n, "marketplace name %s is not accepted by Claude Desktop (up to 128 letters, digits, '.', '_' and '-', starting with a letter or digit)", quote(n.Str))
					case !kebabCase.MatchString(n.Str):
						r.at(n, "marketplace name %s is not kebab-case", quote(n.Str))
					}
				}
				for _, e := range entries(obj) {
					if n := e.Get("name"); n != nil && n.Kind == jsonpos.String && n.Str != "" && !kebabCase.MatchString(n.Str) {
						r.at(n, "plugin name %s is not kebab-case", quote(n.Str))
					}
				}
			}),
		},
		&analysis.Rule{
			ID: "SK625", Alias: "marketplace-entry", Severity: analysis.Error,
			Summary: "each plugin entry needs a name and a valid source",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				pl := obj.Get("plugins")
				if pl == nil || pl.Kind != jsonpos.Array {
					return
				}
				for i, e := range pl.Items {
					if e.Kind != jsonpos.Object {
						r.at(e, "plugins[%d] must be an object with name and source, not %s", i, e.Kind)
						continue
					}
					if n := e.Get("name"); n == nil {
						r.at(e, "plugins[%d] has no name", i)
					} else if n.Kind != jsonpos.String || strings.TrimSpace(n.Str) == "" {
						r.at(n, "plugins[%d].name must be a non-empty string, not %s", i, n.Kind)
					}
					checkSource(r, m.Root, obj, i, e)
				}
			}),
		},
		&analysis.Rule{
			ID: "SK626", Alias: "marketplace-duplicate-plugin", Severity: analysis.Error,
			Summary: "plugin names in a marketplace must be unique",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				seen := map[string]bool{}
				for _, e := range entries(obj) {
					n := e.Get("name")
					if n == nil || n.Kind != jsonpos.String {
						continue
					}
					if seen[n.Str] {
						r.at(n, "duplicate plugin name %q in the marketplace", n.Str)
					}
					seen[n.Str] = true
				}
			}),
		},
		&analysis.Rule{
			ID: "SK627", Alias: "marketplace-version-mismatch", Severity: analysis.Warning,
			Summary: "an entry's version should match its plugin.json",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				for _, e := range entries(obj) {
					v := e.Get("version")
					dir := relativeSource(m.Root, obj, e)
					if v == nil || v.Kind != jsonpos.String || dir == "" {
						continue
					}
					pl := manifest.LoadPlugin(dir, 0)
					if pl.JSON == nil {
						continue
					}
					if pv := pl.JSON.Get("version"); pv != nil && pv.Kind == jsonpos.String && pv.Str != v.Str {
						r.at(v, "version %s differs from %s in the plugin's plugin.json, which wins", quote(v.Str), quote(pv.Str))
					}
				}
			}),
		},
		&analysis.Rule{
			ID: "SK628", Alias: "marketplace-incomplete", Severity: analysis.Warning,
			Summary: "a marketplace should list plugins and describe itself",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				if pl := obj.Get("plugins"); pl != nil && pl.Kind == jsonpos.Array && len(pl.Items) == 0 {
					r.at(pl, "marketplace has no plugins")
				}
				desc := obj.Get("description")
				if md := obj.Get("metadata"); desc == nil && md != nil {
					desc = md.Get("description")
				}
				if desc == nil {
					r.at(obj, "marketplace has no description (top-level or in metadata)")
				}
			}),
		},
		&analysis.Rule{
			ID: "SK629", Alias: "marketplace-strict-conflict", Severity: analysis.Error,
			Summary: "with strict: false, components belong in the entry or plugin.json, not both",
			Marketplace: marketCheck(func(r manifestReport, obj *jsonpos.Value, m *manifest.Marketplace) {
				for _, e := range entries(obj) {
					st := e.Get("strict")
					dir := relativeSource(m.Root, obj, e)
					if st == nil || st.Kind != jsonpos.Bool || st.Bool || dir == "" || !declaresComponents(e) {
						continue
					}
					if pl := manifest.LoadPlugin(dir, 0); pl.JSON != nil && declaresComponents(pl.JSON) {
						r.at(st, "strict is false and both this entry and the plugin's plugin.json declare components: Claude Code refuses to load the plugin (conflicting manifests)")
					}
				}
			}),
		},
	)
}

func declaresComponents(obj *jsonpos.Value) bool {
	for _, k := range componentKeys {
		if obj.Get(k) != nil {
			return true
		}
	}
	return false
}

// checkSource checks an entry's source: a relative path starting with ./
// (without ..) that exists, a bare name under metadata.pluginRoot, or an
// object with a known source type and its required keys.
func checkSource(r manifestReport, root string, obj *jsonpos.Value, i int, e *jsonpos.Value) {
	src := e.Get("source")
	switch {
	case src == nil:
		r.at(e, "plugins[%d] has no source", i)
	case src.Kind == jsonpos.String:
		if strings.Contains(src.Str, "..") {
			r.at(src, "plugins[%d].source %s contains \"..\", which Claude Code refuses", i, quote(src.Str))
			return
		}
		dir := relativeSource(root, obj, e)
		if dir == "" {
			r.at(src, "plugins[%d].source %s must start with \"./\" (or set metadata.pluginRoot for bare names)", i, quote(src.Str))
			return
		}
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			r.at(src, "plugins[%d].source %s is not a folder of the marketplace", i, quote(src.Str))
		}
	case src.Kind == jsonpos.Object:
		t := src.Get("source")
		if t == nil || t.Kind != jsonpos.String {
			r.at(src, "plugins[%d].source object needs \"source\": one of %s", i, sourceTypeList())
			return
		}
		need, ok := sourceTypes[t.Str]
		if !ok {
			r.at(t, "plugins[%d].source type %s is not one of %s", i, quote(t.Str), sourceTypeList())
			return
		}
		for _, k := range need {
			if v := src.Get(k); v == nil || v.Kind != jsonpos.String || v.Str == "" {
				r.at(src, "plugins[%d].source of type %s needs %q", i, t.Str, k)
			}
		}
	default:
		r.at(src, "plugins[%d].source must be a path or an object, not %s", i, src.Kind)
	}
}

func sourceTypeList() string {
	return "github, url, git-subdir, npm, archive, command"
}
