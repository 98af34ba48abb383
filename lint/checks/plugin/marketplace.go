package plugin

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

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
			r.at(src, "plugins[%d].source %s contains \"..\", which Claude Code refuses", i, msg.Quote(src.Str))
			return
		}
		dir := relativeSource(root, obj, e)
		if dir == "" {
			r.at(src, "plugins[%d].source %s must start with \"./\" (or set metadata.pluginRoot for bare names)", i, msg.Quote(src.Str))
			return
		}
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			r.at(src, "plugins[%d].source %s is not a folder of the marketplace", i, msg.Quote(src.Str))
		}
	case src.Kind == jsonpos.Object:
		t := src.Get("source")
		if t == nil || t.Kind != jsonpos.String {
			r.at(src, "plugins[%d].source object needs \"source\": one of %s", i, sourceTypeList())
			return
		}
		need, ok := sourceTypes[t.Str]
		if !ok {
			r.at(t, "plugins[%d].source type %s is not one of %s", i, msg.Quote(t.Str), sourceTypeList())
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
