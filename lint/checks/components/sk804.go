package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// pluginRootPathMissing is SK804: files named through ${CLAUDE_PLUGIN_ROOT} in hooks and servers must exist in the plugin. Documented in docs/SK804.md.
var pluginRootPathMissing = &analysis.Rule{
	ID: "SK804", Alias: "plugin-root-path-missing", Severity: analysis.Error,
	Summary: "files named through ${CLAUDE_PLUGIN_ROOT} in hooks and servers must exist in the plugin",
	Plugin:  checkPluginRootPathMissing,
}

func checkPluginRootPathMissing(p *analysis.Pass, pl *manifest.Plugin) {
	check := func(f *source.File, off int, text, what string) {
		for _, rel := range missingPluginPaths(pl.Root, text) {
			p.Reportf(f, off, "%s names ${CLAUDE_PLUGIN_ROOT}/%s, which does not exist in the plugin: it fails when Claude Code runs it", what, rel)
		}
	}
	plugincfg.WalkHooks(pl, func(*source.File, int, string, ...any) {}, func(h plugincfg.Hook) {
		if h.Type != "command" {
			return
		}
		what := "the " + h.Event + " hook"
		cmd := h.Fields["command"]
		check(h.File, h.Offset(cmd), cmd.Value, what)
		for _, a := range frontmatter.Items(h.Fields["args"]) {
			if s, ok := frontmatter.String(a); ok {
				check(h.File, h.Offset(a), s, what)
			}
		}
	})
	for _, k := range []plugincfg.Kind{plugincfg.MCP, plugincfg.LSP} {
		for _, c := range plugincfg.Configs(pl, k) {
			eachServer(c, k, func(name string, s *jsonpos.Value) {
				what := serverNoun[k] + " " + msg.Quote(name)
				if cmd := s.Get("command"); cmd != nil && cmd.Kind == jsonpos.String {
					check(c.File, cmd.Offset, cmd.Str, what)
				}
				if args := s.Get("args"); args != nil && args.Kind == jsonpos.Array {
					for _, a := range args.Items {
						if a.Kind == jsonpos.String {
							check(c.File, a.Offset, a.Str, what)
						}
					}
				}
			})
		}
	}
}
