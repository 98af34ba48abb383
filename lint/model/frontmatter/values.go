package frontmatter

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Resolve follows an alias to the node it names.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < MaxDepth; i++ {
		n = n.Alias
	}
	return n
}

// KindName describes a node's type in words for messages: "a string", "a
// number", "a list", …
func KindName(n *yaml.Node) string {
	n = Resolve(n)
	if n == nil {
		return "empty"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str", "!!binary":
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "empty"
		case "!!timestamp":
			return "a date"
		}
		return "a " + strings.TrimPrefix(n.Tag, "!!")
	}
	return "a YAML document"
}

// String returns a scalar string value. ok is false for anything that is not a
// string (numbers, booleans, null, lists and mappings).
func String(n *yaml.Node) (s string, ok bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "") {
		return "", false
	}
	return n.Value, true
}

// IsNull reports whether the node is an empty value (`key:` or `key: null`).
func IsNull(n *yaml.Node) bool {
	n = Resolve(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// booleanWords are the spellings Claude Code (v2.1.218 and later) accepts for
// boolean fields, in any letter case.
var booleanWords = map[string]bool{
	"true": true, "false": false, "yes": true, "no": false,
	"on": true, "off": false, "1": true, "0": false,
}

// Bool returns a boolean value as Claude Code reads it: YAML booleans and the
// words true, false, yes, no, on, off, 1 and 0 in any case, quoted or not.
func Bool(n *yaml.Node) (value, ok bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return false, false
	}
	v, ok := booleanWords[strings.ToLower(n.Value)]
	return v, ok
}

// Items returns the elements of a list, aliases resolved.
func Items(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = Resolve(c)
	}
	return out
}

// Pairs returns the key/value pairs of a mapping, aliases resolved.
func Pairs(n *yaml.Node) [][2]*yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{Resolve(n.Content[i]), Resolve(n.Content[i+1])})
	}
	return out
}
