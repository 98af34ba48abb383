package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// lspServerInvalid is SK821: an LSP server needs a command and an extensionToLanguage map. Documented in docs/SK821.md.
var lspServerInvalid = &analysis.Rule{
	ID: "SK821", Alias: "lsp-server-invalid", Severity: analysis.Error,
	Summary: "an LSP server needs a command and an extensionToLanguage map",
	Plugin: func(p *analysis.Pass, pl *manifest.Plugin) {
		checkLSPConfigs(p, plugincfg.Configs(pl, plugincfg.LSP))
	},
	Marketplace: func(p *analysis.Pass, m *manifest.Marketplace) {
		checkLSPConfigs(p, plugincfg.EntryConfigs(m, plugincfg.LSP))
	},
}

func checkLSPConfigs(p *analysis.Pass, configs []plugincfg.Config) {
	for _, c := range configs {
		r := serverReport{p, c.File}
		srv := servers(c, plugincfg.LSP)
		if srv == nil {
			r.at(c.Value, "", "LSP servers must be an object mapping server names to servers, not %s; Claude Code starts none of them", c.Value.Kind)
			continue
		}
		for _, m := range srv.Fields {
			checkLSPServer(r, "LSP server "+msg.Quote(m.Key), m.Value)
		}
	}
}

func checkLSPServer(r serverReport, what string, s *jsonpos.Value) {
	if s.Kind != jsonpos.Object {
		r.at(s, what, "must be an object, not %s", s.Kind)
		return
	}
	r.needString(s, what, "command")
	r.stringList(s, what, "args")
	r.stringMap(s, what, "env")
	switch ext := s.Get("extensionToLanguage"); {
	case ext == nil:
		r.at(s, what, "has no extensionToLanguage; Claude Code skips it")
	case ext.Kind != jsonpos.Object:
		r.at(ext, what, "has extensionToLanguage %s; it must be an object mapping file extensions (\".go\") to language IDs; Claude Code skips the server", describe(ext))
	case len(ext.Fields) == 0:
		r.at(ext, what, "has an empty extensionToLanguage, so it serves no files; map file extensions (\".go\") to language IDs")
	default:
		r.stringMap(s, what, "extensionToLanguage")
	}
	if t := s.Get("transport"); t != nil && (t.Kind != jsonpos.String || t.Str != "stdio" && t.Str != "socket") {
		r.at(t, what, "has transport %s; Claude Code knows stdio and socket", describe(t))
	}
	for _, key := range []string{"startupTimeout", "shutdownTimeout", "maxRestarts"} {
		if v := s.Get(key); v != nil && v.Kind != jsonpos.Number {
			r.at(v, what, "has %s %s, which must be a number; Claude Code skips the server", key, v.Kind)
		}
	}
	for _, key := range []string{"restartOnCrash", "diagnostics"} {
		if v := s.Get(key); v != nil && v.Kind != jsonpos.Bool {
			r.at(v, what, "has %s %s, which must be true or false; Claude Code skips the server", key, v.Kind)
		}
	}
}
