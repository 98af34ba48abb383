package compat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// node is one schema of the subset the checker understands. Keywords outside
// the subset are kept in other and compared for equality.
type node struct {
	never bool // the false schema: no instance is valid

	types typeSet // zero: any type
	enum  []any   // nil: no enum (const is an enum of one)

	min, max           *bound // numbers
	multipleOf         *big.Rat
	minLength          *big.Rat
	maxLength          *big.Rat
	pattern, format    string
	properties         map[string]*node
	required           map[string]bool
	additional         *node // nil: open (any value)
	patternProperties  map[string]*node
	patternRegexps     map[string]*regexp.Regexp
	minProps, maxProps *big.Rat
	items              *node // nil: any item
	minItems, maxItems *big.Rat
	uniqueItems        bool

	other map[string]any // keywords outside the subset
}

// bound is a numeric lower or upper bound.
type bound struct {
	v         *big.Rat
	exclusive bool
}

type typeSet uint8

const (
	tNull typeSet = 1 << iota
	tBoolean
	tObject
	tArray
	tNumber
	tString
	tInteger
	tAny typeSet = 0
)

var typeNames = []struct {
	t    typeSet
	name string
}{{tNull, "null"}, {tBoolean, "boolean"}, {tObject, "object"}, {tArray, "array"}, {tNumber, "number"}, {tString, "string"}, {tInteger, "integer"}}

func (s typeSet) String() string {
	if s == tAny {
		return "any type"
	}
	var names []string
	for _, tn := range typeNames {
		if s&tn.t != 0 {
			names = append(names, tn.name)
		}
	}
	return strings.Join(names, ", ")
}

// admits reports whether s accepts instances of the single type t. An
// integer is a number.
func (s typeSet) admits(t typeSet) bool {
	return s == tAny || s&t != 0 || (t == tInteger && s&tNumber != 0)
}

// annotations are keywords that do not constrain instances.
var annotations = map[string]bool{
	"$schema": true, "$id": true, "$comment": true, "$defs": true, "definitions": true, "$anchor": true,
	"title": true, "description": true, "default": true, "examples": true, "deprecated": true,
	"readOnly": true, "writeOnly": true, "contentMediaType": true, "contentEncoding": true,
}

// parse reads a schema document. Local references ("#/$defs/name") are
// resolved; other references are compared as keywords outside the subset.
func parse(doc []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("compat: schema is not JSON: %w", err)
	}
	p := parser{root: root}
	return p.node(root, "#", 0)
}

type parser struct{ root any }

const maxRefDepth = 32

func (p *parser) node(v any, at string, depth int) (*node, error) {
	if depth > maxRefDepth {
		return nil, fmt.Errorf("compat: %s: $ref nested more than %d deep (recursive schema?)", at, maxRefDepth)
	}
	switch s := v.(type) {
	case bool:
		return &node{never: !s}, nil
	case map[string]any:
		if ref, ok := s["$ref"].(string); ok && strings.HasPrefix(ref, "#") && len(s) == 1 {
			target, err := p.resolve(ref)
			if err != nil {
				return nil, fmt.Errorf("compat: %s: %w", at, err)
			}
			return p.node(target, at, depth+1)
		}
		return p.object(s, at, depth)
	default:
		return nil, fmt.Errorf("compat: %s: a schema must be an object or a boolean, got %T", at, v)
	}
}

func (p *parser) resolve(ref string) (any, error) {
	cur := p.root
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#"), "/")[1:] {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
	}
	return cur, nil
}

func (p *parser) object(s map[string]any, at string, depth int) (*node, error) {
	n := &node{other: map[string]any{}}
	var err error
	num := func(key string) *big.Rat {
		if err != nil {
			return nil
		}
		v, ok := s[key]
		if !ok {
			return nil
		}
		jn, ok := v.(json.Number)
		r, good := new(big.Rat).SetString(string(jn))
		if !ok || !good {
			err = fmt.Errorf("compat: %s/%s: not a number", at, key)
			return nil
		}
		return r
	}
	sub := func(key string, v any) *node {
		if err != nil {
			return nil
		}
		var c *node
		c, err = p.node(v, at+"/"+key, depth)
		return c
	}
	for key, v := range s {
		switch key {
		case "type":
			n.types, err = parseTypes(v)
		case "enum":
			list, ok := v.([]any)
			if !ok {
				err = fmt.Errorf("compat: %s/enum: not an array", at)
			}
			n.enum = append(list[:0:0], list...)
		case "const":
			n.enum = []any{v}
		case "minimum", "exclusiveMinimum":
			n.min = tighter(n.min, &bound{num(key), key == "exclusiveMinimum"}, -1)
		case "maximum", "exclusiveMaximum":
			n.max = tighter(n.max, &bound{num(key), key == "exclusiveMaximum"}, 1)
		case "multipleOf":
			n.multipleOf = num(key)
		case "minLength":
			n.minLength = num(key)
		case "maxLength":
			n.maxLength = num(key)
		case "minProperties":
			n.minProps = num(key)
		case "maxProperties":
			n.maxProps = num(key)
		case "minItems":
			n.minItems = num(key)
		case "maxItems":
			n.maxItems = num(key)
		case "uniqueItems":
			n.uniqueItems, _ = v.(bool)
		case "pattern":
			n.pattern, _ = v.(string)
		case "format":
			n.format, _ = v.(string)
		case "required":
			n.required = map[string]bool{}
			list, _ := v.([]any)
			for _, r := range list {
				name, _ := r.(string)
				n.required[name] = true
			}
		case "properties", "patternProperties":
			m, ok := v.(map[string]any)
			if !ok {
				err = fmt.Errorf("compat: %s/%s: not an object", at, key)
				break
			}
			props := map[string]*node{}
			for name, ps := range m {
				props[name] = sub(key+"/"+escape(name), ps)
			}
			if key == "properties" {
				n.properties = props
				break
			}
			n.patternProperties, n.patternRegexps = props, map[string]*regexp.Regexp{}
			for pat := range props {
				re, rerr := regexp.Compile(pat)
				if rerr != nil {
					err = fmt.Errorf("compat: %s/patternProperties: %w", at, rerr)
				}
				n.patternRegexps[pat] = re
			}
		case "additionalProperties":
			n.additional = sub(key, v)
		case "items":
			n.items = sub(key, v)
		default:
			if !annotations[key] {
				n.other[key] = v
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return n, nil
}

// tighter returns the stricter of two bounds; sign is -1 for lower bounds
// and 1 for upper bounds.
func tighter(a, b *bound, sign int) *bound {
	if b.v == nil {
		return a
	}
	if a == nil {
		return b
	}
	if c := b.v.Cmp(a.v) * -sign; c > 0 || (c == 0 && b.exclusive) {
		return b
	}
	return a
}

func parseTypes(v any) (typeSet, error) {
	var list []any
	switch t := v.(type) {
	case string:
		list = []any{t}
	case []any:
		list = t
	}
	var s typeSet
	for _, item := range list {
		name, _ := item.(string)
		found := false
		for _, tn := range typeNames {
			if tn.name == name {
				s |= tn.t
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("compat: unknown type %v", item)
		}
	}
	if s == tAny {
		return 0, fmt.Errorf("compat: empty type")
	}
	return s, nil
}

func escape(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}
