package code

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
)

// draftSchema matches the $schema URIs of the JSON Schema drafts.
var draftSchema = regexp.MustCompile(`^https?://json-schema\.org/(draft-0[4-7]/schema|draft/20(19-09|20-12)/schema)#?$`)

// english renders schema errors.
var english = message.NewPrinter(language.English)

// noFetch refuses every URL: a lint run never reaches the network, so a
// $ref to a remote schema is reported instead of fetched.
type noFetch struct{}

func (noFetch) Load(url string) (any, error) {
	return nil, fmt.Errorf("skillcheck does not fetch %s", url)
}

// checkSchema compiles a JSON document whose $schema names a JSON Schema
// draft. It returns the offset (in the document) and message of the first
// problem, and bad = false when the document is not a schema or compiles.
func checkSchema(v *jsonpos.Value) (off int, msg string, bad bool) {
	if v.Kind != jsonpos.Object {
		return 0, "", false
	}
	s := v.Get("$schema")
	if s == nil || s.Kind != jsonpos.String || !draftSchema.MatchString(s.Str) {
		return 0, "", false
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(noFetch{})
	const url = "mem:///block.schema.json"
	if err := c.AddResource(url, toAny(v)); err != nil {
		return v.Offset, err.Error(), true
	}
	_, err := c.Compile(url)
	if err == nil {
		return 0, "", false
	}
	var sve *jsonschema.SchemaValidationError
	if errors.As(err, &sve) {
		var ve *jsonschema.ValidationError
		if errors.As(sve.Err, &ve) {
			leaf := deepest(ve)
			at := lookup(v, leaf.InstanceLocation)
			return at.Offset, fmt.Sprintf("at /%s: %s", strings.Join(leaf.InstanceLocation, "/"), leaf.ErrorKind.LocalizedString(english)), true
		}
	}
	return v.Offset, strings.ReplaceAll(err.Error(), url, "the block"), true
}

// deepest follows the first cause down to the most specific error.
func deepest(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(e.Causes) > 0 {
		e = e.Causes[0]
	}
	return e
}

// lookup finds the value at a JSON pointer's tokens, or the deepest one that
// exists.
func lookup(v *jsonpos.Value, path []string) *jsonpos.Value {
	for _, tok := range path {
		var next *jsonpos.Value
		switch v.Kind {
		case jsonpos.Object:
			next = v.Get(tok)
		case jsonpos.Array:
			var i int
			if _, err := fmt.Sscan(tok, &i); err == nil && i >= 0 && i < len(v.Items) {
				next = v.Items[i]
			}
		}
		if next == nil {
			return v
		}
		v = next
	}
	return v
}

// toAny converts a positioned JSON value into the plain values the schema
// compiler takes (json.Number for numbers).
func toAny(v *jsonpos.Value) any {
	switch v.Kind {
	case jsonpos.Object:
		m := make(map[string]any, len(v.Fields))
		for _, f := range v.Fields {
			m[f.Key] = toAny(f.Value)
		}
		return m
	case jsonpos.Array:
		a := make([]any, len(v.Items))
		for i, it := range v.Items {
			a[i] = toAny(it)
		}
		return a
	case jsonpos.String:
		return v.Str
	case jsonpos.Number:
		return json.Number(v.Str)
	case jsonpos.Bool:
		return v.Bool
	}
	return nil
}
