package compat

import (
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"
)

// differ checks that every instance valid under a writer schema is valid
// under a reader schema, and records why not. It is conservative: what it
// cannot prove compatible it reports.
type differ struct {
	writer, reader string // how the two schemas are called in reasons: "old", "new"
	found          []Incompatibility
}

func (d *differ) add(path string, kind Kind, format string, args ...any) {
	if path == "" {
		path = "#"
	}
	d.found = append(d.found, Incompatibility{Path: path, Kind: kind, Reason: fmt.Sprintf(format, args...)})
}

// subset compares writer w with reader r at schema path path.
func (d *differ) subset(w, r *node, path string) {
	if r == nil || r.isAny() {
		return
	}
	if w == nil {
		w = &node{}
	}
	if w.never {
		return
	}
	if r.never {
		d.add(path, SchemaRemoved, "the %s schema is false and rejects every value the %s schema allows", d.reader, d.writer)
		return
	}
	if w.enum != nil {
		d.enumSubset(w, r, path)
		return
	}
	if r.enum != nil {
		d.add(path, EnumArrayNarrowed, "the %s schema restricts values to %s, the %s schema does not restrict them to an enum", d.reader, jsonList(r.enum), d.writer)
		return
	}
	common := d.types(w, r, path)
	if common.admits(tNumber) || common.admits(tInteger) {
		d.numbers(w, r, path)
	}
	if common.admits(tString) {
		d.strings(w, r, path)
	}
	if common.admits(tObject) {
		d.objects(w, r, path)
	}
	if common.admits(tArray) {
		d.arrays(w, r, path)
	}
	d.others(w, r, path)
}

func (n *node) isAny() bool {
	return !n.never && n.types == tAny && n.enum == nil && n.min == nil && n.max == nil &&
		n.multipleOf == nil && n.minLength == nil && n.maxLength == nil && n.pattern == "" &&
		n.format == "" && len(n.required) == 0 && n.additional.isAnyOrNil() &&
		allAny(n.properties) && allAny(n.patternProperties) && n.minProps == nil && n.maxProps == nil &&
		n.items.isAnyOrNil() && n.minItems == nil && n.maxItems == nil && !n.uniqueItems && len(n.other) == 0
}

func (n *node) isAnyOrNil() bool { return n == nil || n.isAny() }

func allAny(m map[string]*node) bool {
	for _, n := range m {
		if !n.isAny() {
			return false
		}
	}
	return true
}

// enumSubset: every value the writer may send must be accepted by the
// reader's enum and types.
func (d *differ) enumSubset(w, r *node, path string) {
	var missing []any
	for _, v := range w.enum {
		if r.enum != nil && !slices.ContainsFunc(r.enum, func(x any) bool { return jsonEqual(x, v) }) {
			missing = append(missing, v)
			continue
		}
		if !r.types.admits(typeOf(v)) {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		d.add(path, EnumArrayNarrowed, "the %s schema allows %s, which the %s schema rejects", d.writer, jsonList(missing), d.reader)
	}
}

// types checks the type sets and returns the types both admit.
func (d *differ) types(w, r *node, path string) typeSet {
	if r.types == tAny {
		return w.types
	}
	if w.types == tAny {
		d.add(path, TypeNarrowed, "the %s schema allows only %s, the %s schema allows any type", d.reader, r.types, d.writer)
		return r.types
	}
	var lost, common typeSet
	for _, tn := range typeNames {
		if w.types&tn.t == 0 {
			continue
		}
		if r.types.admits(tn.t) {
			common |= tn.t
		} else {
			lost |= tn.t
		}
	}
	switch {
	case lost == 0:
	case lost == tNumber && r.types&tInteger != 0:
		d.add(path, TypeNarrowed, "the %s schema allows only integers where the %s schema allows any number", d.reader, d.writer)
	case common == 0:
		d.add(path, TypeChanged, "the type changed from %s (%s) to %s (%s)", w.types, d.writer, r.types, d.reader)
	default:
		d.add(path, TypeNarrowed, "the %s schema no longer allows %s", d.reader, lost)
	}
	return common
}

func (d *differ) numbers(w, r *node, path string) {
	d.lower(w.min, r.min, path, "minimum", MinimumAdded, MinimumIncreased)
	d.upper(w.max, r.max, path, "maximum", MaximumAdded, MaximumDecreased)
	if r.multipleOf != nil {
		switch {
		case w.multipleOf == nil:
			d.add(path+"/multipleOf", MultipleOfAdded, "the %s schema requires multiples of %s", d.reader, r.multipleOf.RatString())
		case !new(big.Rat).Quo(w.multipleOf, r.multipleOf).IsInt():
			d.add(path+"/multipleOf", MultipleOfChanged, "multiples of %s (%s) are not all multiples of %s (%s)", w.multipleOf.RatString(), d.writer, r.multipleOf.RatString(), d.reader)
		}
	}
}

// lower checks that the writer's lower bound is at least the reader's.
func (d *differ) lower(w, r *bound, path, keyword string, added, changed Kind) {
	if r == nil {
		return
	}
	if w == nil {
		d.add(path+"/"+keyword, added, "the %s schema adds a lower bound of %s", d.reader, r)
		return
	}
	if c := w.v.Cmp(r.v); c < 0 || (c == 0 && r.exclusive && !w.exclusive) {
		d.add(path+"/"+keyword, changed, "the lower bound rose from %s (%s) to %s (%s)", w, d.writer, r, d.reader)
	}
}

// upper checks that the writer's upper bound is at most the reader's.
func (d *differ) upper(w, r *bound, path, keyword string, added, changed Kind) {
	if r == nil {
		return
	}
	if w == nil {
		d.add(path+"/"+keyword, added, "the %s schema adds an upper bound of %s", d.reader, r)
		return
	}
	if c := w.v.Cmp(r.v); c > 0 || (c == 0 && r.exclusive && !w.exclusive) {
		d.add(path+"/"+keyword, changed, "the upper bound fell from %s (%s) to %s (%s)", w, d.writer, r, d.reader)
	}
}

func (b *bound) String() string {
	if b.exclusive {
		return "exclusive " + b.v.RatString()
	}
	return b.v.RatString()
}

func inclusive(v *big.Rat) *bound {
	if v == nil {
		return nil
	}
	return &bound{v: v}
}

func (d *differ) strings(w, r *node, path string) {
	d.lower(inclusive(w.minLength), inclusive(r.minLength), path, "minLength", MinLengthAdded, MinLengthIncreased)
	d.upper(inclusive(w.maxLength), inclusive(r.maxLength), path, "maxLength", MaxLengthAdded, MaxLengthDecreased)
	if r.pattern != "" && r.pattern != w.pattern {
		kind := PatternChanged
		if w.pattern == "" {
			kind = PatternAdded
		}
		d.add(path+"/pattern", kind, "the %s schema requires pattern %q, the %s schema %s", d.reader, r.pattern, d.writer, orNone("pattern", w.pattern))
	}
	if r.format != "" && r.format != w.format {
		kind := FormatChanged
		if w.format == "" {
			kind = FormatAdded
		}
		d.add(path+"/format", kind, "the %s schema asserts format %q, the %s schema %s", d.reader, r.format, d.writer, orNone("format", w.format))
	}
}

func orNone(what, v string) string {
	if v == "" {
		return "has no " + what
	}
	return fmt.Sprintf("has %q", v)
}

func (d *differ) objects(w, r *node, path string) {
	names := map[string]bool{}
	for name := range w.properties {
		names[name] = true
	}
	for name := range r.properties {
		names[name] = true
	}
	for _, name := range sortedKeys(names) {
		at := path + "/properties/" + escape(name)
		ws, wHow := w.schemaFor(name)
		rs, rHow := r.schemaFor(name)
		if r.required[name] && !w.required[name] {
			if ws != nil && ws.never {
				d.add(at, RequiredPropertyAddedToUnopenContentModel, "the %s schema requires %q, which the %s schema does not allow", d.reader, name, d.writer)
			} else {
				d.add(at, RequiredAttributeAdded, "the %s schema requires %q, which the %s schema does not require", d.reader, name, d.writer)
			}
		}
		if ws != nil && ws.never {
			continue // the writer never sends it
		}
		switch {
		case wHow == declared && rHow == declared:
			d.subset(ws, rs, at)
		case wHow == declared: // only the writer declares it: the reader's content model must take it
			if rs != nil && rs.never {
				d.add(at, PropertyRemovedFromClosedContentModel, "the %s schema declares %q, the %s schema does not and allows no additional properties", d.writer, name, d.reader)
				continue
			}
			sub := d.nested()
			sub.subset(ws, rs, at)
			if len(sub.found) > 0 {
				d.add(at, PropertyRemovedNotCoveredByPartiallyOpenContentModel, "the %s schema declares %q, the %s schema does not, and its %s does not accept every value of it", d.writer, name, d.reader, rHow)
			}
		default: // only the reader declares it: the writer may send anything its content model allows
			if ws.isAnyOrNil() {
				if !rs.isAny() {
					d.add(at, PropertyAddedToOpenContentModel, "the %s schema declares %q, the %s schema does not but allows additional properties of any value, so documents of the %s schema may carry any %q", d.reader, name, d.writer, d.writer, name)
				}
				continue
			}
			sub := d.nested()
			sub.subset(ws, rs, at)
			if len(sub.found) > 0 {
				d.add(at, PropertyAddedNotCoveredByPartiallyOpenContentModel, "the %s schema declares %q, the %s schema does not, and values its %s allows are rejected", d.reader, name, d.writer, wHow)
			}
		}
	}
	// Properties neither declares.
	if !reflect.DeepEqual(sortedKeys(w.patternProperties), sortedKeys(r.patternProperties)) {
		if len(r.patternProperties) > 0 {
			d.add(path+"/patternProperties", PatternPropertiesChanged, "the patternProperties differ; the checker only compares identical sets of patterns")
		}
	} else {
		for pat, ws := range w.patternProperties {
			d.subset(ws, r.patternProperties[pat], path+"/patternProperties/"+escape(pat))
		}
	}
	switch {
	case w.additional != nil && w.additional.never:
	case r.additional != nil && r.additional.never:
		d.add(path+"/additionalProperties", AdditionalPropertiesRemoved, "the %s schema allows no additional properties, the %s schema does", d.reader, d.writer)
	default:
		sub := d.nested()
		sub.subset(w.additional, r.additional, path+"/additionalProperties")
		if len(sub.found) > 0 {
			d.add(path+"/additionalProperties", AdditionalPropertiesNarrowed, "the %s schema accepts fewer additional properties than the %s schema", d.reader, d.writer)
		}
	}
	d.lower(inclusive(w.minProps), inclusive(r.minProps), path, "minProperties", MinPropertiesAdded, MinPropertiesIncreased)
	d.upper(inclusive(w.maxProps), inclusive(r.maxProps), path, "maxProperties", MaxPropertiesAdded, MaxPropertiesDecreased)
}

// How a property's value is constrained when it is not declared.
const (
	declared = "declared"
)

// schemaFor returns the schema a property's value must match and where it
// comes from: declared, a patternProperties entry, or additionalProperties.
// A nil schema allows any value.
func (n *node) schemaFor(name string) (*node, string) {
	if s, ok := n.properties[name]; ok {
		return s, declared
	}
	for _, pat := range sortedKeys(n.patternRegexps) {
		if n.patternRegexps[pat].MatchString(name) {
			return n.patternProperties[pat], "patternProperties " + pat
		}
	}
	return n.additional, "additionalProperties"
}

func (d *differ) nested() *differ { return &differ{writer: d.writer, reader: d.reader} }

func (d *differ) arrays(w, r *node, path string) {
	d.subset(w.items, r.items, path+"/items")
	d.lower(inclusive(w.minItems), inclusive(r.minItems), path, "minItems", MinItemsAdded, MinItemsIncreased)
	d.upper(inclusive(w.maxItems), inclusive(r.maxItems), path, "maxItems", MaxItemsAdded, MaxItemsDecreased)
	if r.uniqueItems && !w.uniqueItems {
		d.add(path+"/uniqueItems", UniqueItemsAdded, "the %s schema requires unique items, the %s schema does not", d.reader, d.writer)
	}
}

// others compares keywords outside the subset: a keyword only the writer
// has narrows the writer and is safe; one the reader has must be identical
// in the writer.
func (d *differ) others(w, r *node, path string) {
	for _, key := range sortedKeys(r.other) {
		if wv, ok := w.other[key]; !ok || !jsonEqual(wv, r.other[key]) {
			d.add(path+"/"+escape(key), UnsupportedKeywordChanged, "keyword %q is outside the subset the checker understands and differs between the schemas", key)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func jsonEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

func typeOf(v any) typeSet {
	switch x := v.(type) {
	case nil:
		return tNull
	case bool:
		return tBoolean
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	default:
		if r, ok := new(big.Rat).SetString(fmt.Sprint(x)); ok && r.IsInt() {
			return tInteger
		}
		return tNumber
	}
}

func jsonList(vs []any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		if s, ok := v.(string); ok {
			parts[i] = fmt.Sprintf("%q", s)
		} else {
			parts[i] = fmt.Sprint(v)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
