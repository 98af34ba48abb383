package compat_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/events/compat"
)

// pair is one schema change with the verdicts expected in each direction.
// A nil kinds list means compatible in that direction; otherwise the kinds
// reported must be exactly these (in order).
type pair struct {
	name     string
	old, new string
	backward []compat.Kind
	forward  []compat.Kind
}

const (
	open1   = `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`
	closed1 = `{"type":"object","properties":{"id":{"type":"string"}},"required":["id"],"additionalProperties":false}`
)

var pairs = []pair{
	{name: "identical", old: open1, new: open1},
	{name: "annotations only", old: open1,
		new: `{"title":"T","description":"d","type":"object","properties":{"id":{"type":"string","description":"x","examples":["a"]}},"required":["id"]}`},

	// The open content model: Confluent's rule.
	{name: "open: add optional property", old: open1,
		new:      `{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id"]}`,
		backward: []compat.Kind{compat.PropertyAddedToOpenContentModel}},
	{name: "open: add property with empty schema", old: open1,
		new: `{"type":"object","properties":{"id":{"type":"string"},"note":{}},"required":["id"]}`},
	{name: "open: add required property", old: open1,
		new:      `{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id","note"]}`,
		backward: []compat.Kind{compat.RequiredAttributeAdded, compat.PropertyAddedToOpenContentModel}},
	{name: "open: remove optional property", old: `{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id"]}`,
		new:     open1,
		forward: []compat.Kind{compat.PropertyAddedToOpenContentModel}},
	{name: "open: make optional property required", old: `{"type":"object","properties":{"id":{"type":"string"}}}`,
		new:      open1,
		backward: []compat.Kind{compat.RequiredAttributeAdded}},
	{name: "open: make required property optional", old: open1,
		new:     `{"type":"object","properties":{"id":{"type":"string"}}}`,
		forward: []compat.Kind{compat.RequiredAttributeAdded}},

	// Closed content models.
	{name: "closed: add optional property", old: closed1,
		new:     `{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id"],"additionalProperties":false}`,
		forward: []compat.Kind{compat.PropertyRemovedFromClosedContentModel}},
	{name: "closed: add required property", old: closed1,
		new:      `{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id","note"],"additionalProperties":false}`,
		backward: []compat.Kind{compat.RequiredPropertyAddedToUnopenContentModel},
		forward:  []compat.Kind{compat.PropertyRemovedFromClosedContentModel}},
	{name: "closed: remove optional property", old: `{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id"],"additionalProperties":false}`,
		new:      closed1,
		backward: []compat.Kind{compat.PropertyRemovedFromClosedContentModel}},
	{name: "close an open model", old: open1, new: closed1,
		backward: []compat.Kind{compat.AdditionalPropertiesRemoved}},
	{name: "open a closed model", old: closed1, new: open1,
		forward: []compat.Kind{compat.AdditionalPropertiesRemoved}},

	// Partially open content models.
	{name: "partially open: added property covered", old: `{"type":"object","additionalProperties":{"type":"string"}}`,
		new: `{"type":"object","properties":{"note":{"type":"string"}},"additionalProperties":{"type":"string"}}`},
	{name: "partially open: added property not covered", old: `{"type":"object","additionalProperties":{"type":"string"}}`,
		new:      `{"type":"object","properties":{"n":{"type":"integer"}},"additionalProperties":{"type":"string"}}`,
		backward: []compat.Kind{compat.PropertyAddedNotCoveredByPartiallyOpenContentModel},
		forward:  []compat.Kind{compat.PropertyRemovedNotCoveredByPartiallyOpenContentModel}},
	{name: "patternProperties reserve a namespace", old: `{"type":"object","properties":{"id":{"type":"string"}},"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}`,
		new: `{"type":"object","properties":{"id":{"type":"string"},"x-trace":{"type":"string"}},"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}`},

	// Enums.
	{name: "enum widened", old: `{"enum":["EUR","USD"]}`, new: `{"enum":["EUR","USD","GBP"]}`,
		forward: []compat.Kind{compat.EnumArrayNarrowed}},
	{name: "enum narrowed", old: `{"enum":["EUR","USD"]}`, new: `{"enum":["EUR"]}`,
		backward: []compat.Kind{compat.EnumArrayNarrowed}},
	{name: "enum added", old: `{"type":"string"}`, new: `{"type":"string","enum":["EUR"]}`,
		backward: []compat.Kind{compat.EnumArrayNarrowed}},
	{name: "enum removed", old: `{"type":"string","enum":["EUR"]}`, new: `{"type":"string"}`,
		forward: []compat.Kind{compat.EnumArrayNarrowed}},
	{name: "const changed", old: `{"const":"v1"}`, new: `{"const":"v2"}`,
		backward: []compat.Kind{compat.EnumArrayNarrowed}, forward: []compat.Kind{compat.EnumArrayNarrowed}},

	// Types.
	{name: "type widened integer to number", old: `{"type":"integer"}`, new: `{"type":"number"}`,
		forward: []compat.Kind{compat.TypeNarrowed}},
	{name: "type narrowed number to integer", old: `{"type":"number"}`, new: `{"type":"integer"}`,
		backward: []compat.Kind{compat.TypeNarrowed}},
	{name: "type changed", old: `{"type":"string"}`, new: `{"type":"integer"}`,
		backward: []compat.Kind{compat.TypeChanged}, forward: []compat.Kind{compat.TypeChanged}},
	{name: "made nullable", old: `{"type":"string"}`, new: `{"type":["string","null"]}`,
		forward: []compat.Kind{compat.TypeNarrowed}},
	{name: "type added where there was none", old: `{}`, new: `{"type":"string"}`,
		backward: []compat.Kind{compat.TypeNarrowed}},

	// Nested objects.
	{name: "nested: format added", old: `{"type":"object","properties":{"customer":{"type":"object","properties":{"email":{"type":"string"}}}}}`,
		new:      `{"type":"object","properties":{"customer":{"type":"object","properties":{"email":{"type":"string","format":"email"}}}}}`,
		backward: []compat.Kind{compat.FormatAdded}},
	{name: "nested open: property added", old: `{"type":"object","properties":{"customer":{"type":"object","properties":{"email":{"type":"string"}}}}}`,
		new:      `{"type":"object","properties":{"customer":{"type":"object","properties":{"email":{"type":"string"},"name":{"type":"string"}}}}}`,
		backward: []compat.Kind{compat.PropertyAddedToOpenContentModel}},
	{name: "nested closed: optional property added", old: `{"type":"object","properties":{"customer":{"type":"object","properties":{"email":{"type":"string"}},"additionalProperties":false}}}`,
		new:     `{"type":"object","properties":{"customer":{"type":"object","properties":{"email":{"type":"string"},"name":{"type":"string"}},"additionalProperties":false}}}`,
		forward: []compat.Kind{compat.PropertyRemovedFromClosedContentModel}},
	{name: "change behind a local $ref", old: `{"type":"object","properties":{"total":{"$ref":"#/$defs/money"}},"$defs":{"money":{"type":"object","properties":{"cents":{"type":"integer"}}}}}`,
		new:      `{"type":"object","properties":{"total":{"$ref":"#/$defs/money"}},"$defs":{"money":{"type":"object","properties":{"cents":{"type":"integer","minimum":0}}}}}`,
		backward: []compat.Kind{compat.MinimumAdded}},

	// Arrays.
	{name: "array items narrowed", old: `{"type":"array","items":{"type":"number"}}`, new: `{"type":"array","items":{"type":"integer"}}`,
		backward: []compat.Kind{compat.TypeNarrowed}},
	{name: "array items: required property added to item", old: `{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}},"required":["sku"]}}`,
		new:      `{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":"integer"}},"required":["sku","qty"]}}`,
		backward: []compat.Kind{compat.RequiredAttributeAdded, compat.PropertyAddedToOpenContentModel}},
	{name: "maxItems added", old: `{"type":"array"}`, new: `{"type":"array","maxItems":10}`,
		backward: []compat.Kind{compat.MaxItemsAdded}},
	{name: "minItems lowered", old: `{"type":"array","minItems":2}`, new: `{"type":"array","minItems":1}`,
		forward: []compat.Kind{compat.MinItemsIncreased}},
	{name: "uniqueItems added", old: `{"type":"array"}`, new: `{"type":"array","uniqueItems":true}`,
		backward: []compat.Kind{compat.UniqueItemsAdded}},

	// Formats and string and number constraints.
	{name: "format removed", old: `{"type":"string","format":"uuid"}`, new: `{"type":"string"}`,
		forward: []compat.Kind{compat.FormatAdded}},
	{name: "format changed", old: `{"type":"string","format":"email"}`, new: `{"type":"string","format":"uri"}`,
		backward: []compat.Kind{compat.FormatChanged}, forward: []compat.Kind{compat.FormatChanged}},
	{name: "pattern added", old: `{"type":"string"}`, new: `{"type":"string","pattern":"^[A-Z]+$"}`,
		backward: []compat.Kind{compat.PatternAdded}},
	{name: "maxLength lowered", old: `{"type":"string","maxLength":100}`, new: `{"type":"string","maxLength":50}`,
		backward: []compat.Kind{compat.MaxLengthDecreased}},
	{name: "minimum added", old: `{"type":"integer"}`, new: `{"type":"integer","minimum":0}`,
		backward: []compat.Kind{compat.MinimumAdded}},
	{name: "maximum raised", old: `{"type":"integer","maximum":10}`, new: `{"type":"integer","maximum":20}`,
		forward: []compat.Kind{compat.MaximumDecreased}},
	{name: "exclusive minimum at the same value", old: `{"type":"number","minimum":0}`, new: `{"type":"number","exclusiveMinimum":0}`,
		backward: []compat.Kind{compat.MinimumIncreased}},

	// Keywords outside the subset.
	{name: "oneOf added", old: `{"type":"string"}`, new: `{"type":"string","oneOf":[{"maxLength":3},{"minLength":10}]}`,
		backward: []compat.Kind{compat.UnsupportedKeywordChanged}},
	{name: "false schema", old: `{"type":"string"}`, new: `false`,
		backward: []compat.Kind{compat.SchemaRemoved}},
}

func TestCompatibilityTable(t *testing.T) {
	if len(pairs) < 30 {
		t.Fatalf("only %d pairs", len(pairs))
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			old := compat.Version{Name: "old.json", Schema: []byte(p.old)}
			new := compat.Version{Name: "new.json", Schema: []byte(p.new)}
			for _, c := range []struct {
				mode compat.Mode
				want []compat.Kind
			}{
				{compat.Backward, p.backward},
				{compat.Forward, p.forward},
				{compat.Full, append(slices.Clone(p.backward), p.forward...)},
				{compat.None, nil},
			} {
				got := kinds(t, compat.Check(c.mode, old, new))
				if !slices.Equal(got, c.want) {
					t.Errorf("%s: got %v, want %v\n%v", c.mode, got, c.want, compat.Check(c.mode, old, new))
				}
			}
		})
	}
}

func kinds(t *testing.T, err error) []compat.Kind {
	t.Helper()
	if err == nil {
		return nil
	}
	var cerr *compat.Error
	if !errors.As(err, &cerr) || !errors.Is(err, compat.ErrIncompatible) {
		t.Fatalf("unexpected error: %v", err)
	}
	var ks []compat.Kind
	for _, p := range cerr.Problems {
		if p.Path == "" || p.Reason == "" || p.Old != "old.json" || p.New != "new.json" {
			t.Errorf("incomplete explanation: %+v", p)
		}
		ks = append(ks, p.Kind)
	}
	return ks
}

// Every incompatibility names the place in the schema and says why.
func TestExplanations(t *testing.T) {
	err := compat.Check(compat.Backward,
		compat.Version{Name: "v1", Schema: []byte(`{"type":"object","properties":{"lines":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"number"}}}}}}`)},
		compat.Version{Name: "v2", Schema: []byte(`{"type":"object","properties":{"lines":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"integer"}}}}}}`)})
	want := "compat: 1 incompatibility under BACKWARD:\n\tv2 vs v1 (backward): #/properties/lines/items/properties/qty: TYPE_NARROWED: the new schema allows only integers where the old schema allows any number"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

func TestTransitive(t *testing.T) {
	a := compat.Version{Name: "a", Schema: []byte(`{"type":"object","properties":{"n":{"type":"number"}}}`)}
	b := compat.Version{Name: "b", Schema: []byte(`{"type":"object","properties":{"n":{"type":"integer"}}}`)} // narrows: backward-incompatible with a
	c := compat.Version{Name: "c", Schema: []byte(`{"type":"object","properties":{"n":{"type":"integer","description":"same as b"}}}`)}
	pairsOf := func(err error) []string {
		var cerr *compat.Error
		if !errors.As(err, &cerr) {
			return nil
		}
		var out []string
		for _, p := range cerr.Problems {
			out = append(out, p.Old+">"+p.New)
		}
		return out
	}
	if got := pairsOf(compat.Check(compat.Backward, a, b, c)); !slices.Equal(got, []string{"a>b"}) {
		t.Errorf("BACKWARD compared %v", got)
	}
	if got := pairsOf(compat.Check(compat.BackwardTransitive, a, b, c)); !slices.Equal(got, []string{"a>b", "a>c"}) {
		t.Errorf("BACKWARD_TRANSITIVE compared %v", got)
	}
	if got := pairsOf(compat.Check(compat.FullTransitive, b, c)); got != nil {
		t.Errorf("FULL_TRANSITIVE of equivalent schemas: %v", got)
	}
	if err := compat.Check(compat.ForwardTransitive, a, b, c); err != nil {
		t.Errorf("FORWARD_TRANSITIVE: %v", err)
	}
}

func TestModes(t *testing.T) {
	for m := compat.Backward; m <= compat.None; m++ {
		got, err := compat.ParseMode(strings.ToLower(m.String()))
		if err != nil || got != m {
			t.Errorf("ParseMode(%s) = %v, %v", m, got, err)
		}
	}
	if _, err := compat.ParseMode("SIDEWAYS"); err == nil {
		t.Error("ParseMode accepted SIDEWAYS")
	}
}

func TestUnreadableSchemas(t *testing.T) {
	for _, doc := range []string{`{`, `[]`, `{"type":"text"}`, `{"properties":{"a":{"$ref":"#/$defs/missing"}}}`,
		`{"$defs":{"a":{"$ref":"#/$defs/a"}},"properties":{"x":{"$ref":"#/$defs/a"}}}`, `{"minimum":"0"}`} {
		err := compat.Check(compat.Full, compat.Version{Name: "x", Schema: []byte(doc)}, compat.Version{Name: "y", Schema: []byte(`{}`)})
		if err == nil || errors.Is(err, compat.ErrIncompatible) {
			t.Errorf("%s: err = %v, want a read error", doc, err)
		}
	}
}

// recorder is a compat.TB that records failures.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestAssertAndReadHistory(t *testing.T) {
	history, err := compat.ReadHistory(os.DirFS("testdata"), "history")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range history {
		names = append(names, v.Name)
	}
	if want := []string{"history/1.json", "history/2.json", "history/10.json"}; !slices.Equal(names, want) {
		t.Fatalf("order %v, want %v", names, want)
	}
	compat.Assert(t, compat.ForwardTransitive, history...)

	var r recorder
	compat.Assert(&r, compat.BackwardTransitive, history...)
	if len(r.errs) != 4 {
		t.Fatalf("Assert reported %d errors, want 4:\n%s", len(r.errs), strings.Join(r.errs, "\n"))
	}
}
