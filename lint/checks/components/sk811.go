package components

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// mcpServerInvalid is SK811: an MCP server needs a command (stdio) or a url (http, sse, ws). Documented in docs/SK811.md.
var mcpServerInvalid = &analysis.Rule{
	ID: "SK811", Alias: "mcp-server-invalid", Severity: analysis.Error,
	Summary: "an MCP server needs a command (stdio) or a url (http, sse, ws)",
	Plugin: func(p *analysis.Pass, pl *manifest.Plugin) {
		checkMCPConfigs(p, plugincfg.Configs(pl, plugincfg.MCP))
	},
	Marketplace: func(p *analysis.Pass, m *manifest.Marketplace) {
		checkMCPConfigs(p, plugincfg.EntryConfigs(m, plugincfg.MCP))
	},
}

// mcpTypes are the transports a server's type names: those of the MCP
// documentation, and those Claude Code uses for the servers it adds itself.
var (
	mcpTypes       = []string{"stdio", "http", "sse", "ws", "sse-ide", "ws-ide", "sdk", "claudeai-proxy"}
	mcpRemoteTypes = []string{"http", "sse", "ws", "sse-ide", "ws-ide"}
)

func checkMCPConfigs(p *analysis.Pass, configs []plugincfg.Config) {
	for _, c := range configs {
		r := serverReport{p, c.File}
		srv := servers(c, plugincfg.MCP)
		if srv == nil {
			v := c.Value
			if x := v.Get("mcpServers"); x != nil && !c.Inline {
				v = x
			}
			r.at(v, "", "mcpServers must be an object mapping server names to servers, not %s; Claude Code starts none of them", v.Kind)
			continue
		}
		for _, m := range srv.Fields {
			checkMCPServer(r, m.Key, m.Value)
		}
	}
}

func checkMCPServer(r serverReport, name string, s *jsonpos.Value) {
	what := "MCP server " + msg.Quote(name)
	if s.Kind != jsonpos.Object {
		r.at(s, what, "must be an object, not %s", s.Kind)
		return
	}
	typ := "stdio"
	if t := s.Get("type"); t != nil {
		if t.Kind != jsonpos.String || !slices.Contains(mcpTypes, t.Str) {
			r.at(t, what, "has type %s; Claude Code knows stdio, http, sse and ws", describe(t))
			return
		}
		typ = t.Str
	}
	switch {
	case typ == "stdio" && s.Get("command") == nil && s.Get("url") != nil:
		r.at(s, what, "has a url but no type, so Claude Code reads it as a stdio server without a command; add \"type\": \"http\" (or \"sse\")")
	case typ == "stdio":
		r.needString(s, what, "command")
		r.stringList(s, what, "args")
		r.stringMap(s, what, "env")
	case slices.Contains(mcpRemoteTypes, typ):
		r.needString(s, what, "url")
		r.stringMap(s, what, "headers")
	}
}
