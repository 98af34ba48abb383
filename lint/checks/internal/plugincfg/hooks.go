package plugincfg

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/hooks"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Hook is one well-formed handler of a plugin's hooks.
type Hook struct {
	hooks.Handler
	// File holds the handler; Offset maps a node of the handler to its
	// offset in File.
	File   *source.File
	Offset func(*yaml.Node) int
}

// WalkHooks walks the plugin's hooks configurations as hooks.Walk walks
// the hooks of a skill's frontmatter (the format is the same), reporting
// through report what breaks them, and passes each well-formed handler to
// handler (when not nil). A hooks file holds the events under a top-level
// "hooks" object; plugin.json holds them inline, directly or under "hooks".
func WalkHooks(pl *manifest.Plugin, report func(f *source.File, off int, format string, args ...any), handler func(Hook)) {
	for _, c := range Configs(pl, Hooks) {
		v := c.Value
		if !c.Inline || onlyHooksKey(v) {
			if v.Get("hooks") == nil {
				report(c.File, v.Offset, "a hooks file must be an object with the events under a top-level \"hooks\" object; Claude Code does not load the plugin's hooks (\"Hook load failed: expected record\")")
				continue
			}
			v = v.Get("hooks")
		}
		offsets := map[*yaml.Node]int{}
		at := func(n *yaml.Node) int { return offsets[n] }
		node := toYAML(v, offsets)
		var wrap func(hooks.Handler)
		if handler != nil {
			wrap = func(h hooks.Handler) { handler(Hook{h, c.File, at}) }
		}
		hooks.Walk(node, func(n *yaml.Node, format string, args ...any) {
			report(c.File, at(n), format, args...)
		}, wrap)
	}
}

// onlyHooksKey reports an inline object that wraps the events in "hooks",
// as a hooks file does (with an optional description).
func onlyHooksKey(v *jsonpos.Value) bool {
	if v.Get("hooks") == nil {
		return false
	}
	for _, m := range v.Fields {
		if m.Key != "hooks" && m.Key != "description" {
			return false
		}
	}
	return true
}

// toYAML converts a JSON value to the YAML node tree the hooks walker
// reads, recording where each node starts in the file.
func toYAML(v *jsonpos.Value, offsets map[*yaml.Node]int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode}
	switch v.Kind {
	case jsonpos.Object:
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		for _, m := range v.Fields {
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m.Key}
			offsets[key] = m.KeyOffset
			n.Content = append(n.Content, key, toYAML(m.Value, offsets))
		}
	case jsonpos.Array:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, it := range v.Items {
			n.Content = append(n.Content, toYAML(it, offsets))
		}
	case jsonpos.String:
		n.Tag, n.Value = "!!str", v.Str
	case jsonpos.Number:
		n.Tag, n.Value = "!!int", v.Str
		if strings.ContainsAny(v.Str, ".eE") {
			n.Tag = "!!float"
		}
	case jsonpos.Bool:
		n.Tag, n.Value = "!!bool", "false"
		if v.Bool {
			n.Value = "true"
		}
	default:
		n.Tag, n.Value = "!!null", "null"
	}
	offsets[n] = v.Offset
	return n
}
