package components

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// componentTools is SK838: an agent's or command's tool lists must be tool names with optional (patterns). Documented in docs/SK838.md.
var componentTools = &analysis.Rule{
	ID: "SK838", Alias: "component-tools", Severity: analysis.Warning,
	Summary:   "an agent's or command's tool lists must be tool names with optional (patterns)",
	Component: fieldsCheck(0, checkComponentTools),
}

// toolKeys are the keys that list tools, by kind: agents spell them as
// code.claude.com/docs/en/sub-agents does, commands as skills do.
var toolKeys = map[layout.ComponentKind][]string{
	layout.Agent:   {"tools", "disallowedTools"},
	layout.Command: {"allowed-tools", "disallowed-tools", "disallowedTools"},
}

func checkComponentTools(p *analysis.Pass, cf *component.File, h *frontmatter.Header) {
	for _, key := range toolKeys[cf.Kind] {
		f := h.Get(key)
		if f == nil {
			continue
		}
		entries, _, _, typeErr := tools.Parse(f.Value)
		if typeErr != "" {
			at(p, cf, f.Value, "%s %s", key, typeErr)
			continue
		}
		why := ""
		if stringified(cf, h, f) {
			why = "; Claude Code's repair step quoted the YAML list into text because another line of the header does not parse: fix that line"
		}
		for _, e := range entries {
			switch {
			case e.Err != "":
				p.Reportf(cf.File, tools.HeaderOffset(h, e), "%s entry %s %s%s", key, msg.Quote(e.Text), e.Err, why)
			case slices.Contains(tools.Known, e.Tool):
			default:
				if near := msg.Closest(e.Tool, tools.Known); near != "" {
					p.Reportf(cf.File, tools.HeaderOffset(h, e), "%s names %q, which is not a Claude Code tool: did you mean %q? (tool names are case-sensitive)", key, e.Tool, near)
				}
			}
		}
	}
}

// stringified reports a field written as a YAML flow list that Claude Code's
// repair step turned into one string.
func stringified(cf *component.File, h *frontmatter.Header, f *frontmatter.Field) bool {
	line := cf.File.Position(h.NodeOffset(f.Value)).Line
	for _, r := range h.Repair {
		if r.Kind == frontmatter.Quoted && r.Line == line && cf.File.Src[r.ValueStart] == '[' {
			return true
		}
	}
	return false
}
