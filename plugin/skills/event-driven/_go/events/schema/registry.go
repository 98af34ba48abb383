package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/skillcheck-dev/skillcheck/reference/events"
)

// ErrUnknownType is returned for an event type the registry has no schema
// for.
var ErrUnknownType = errors.New("schema: no schema for event type")

// ErrSchemaMismatch is returned for an event whose dataschema names another
// schema than the registry's for its type.
var ErrSchemaMismatch = errors.New("schema: dataschema does not match the registry")

// Registry holds the compiled schema of every known event type. It is safe
// for concurrent use.
type Registry struct {
	byType map[string]entry
}

type entry struct {
	id     string // the schema's $id, the events' dataschema
	source []byte // the file as read
	schema *jsonschema.Schema
}

// Load reads every *.json file in dir of fsys, one schema per event type,
// and compiles them. A file's name without ".json" must be a valid event type
// (see events.ParseType) and its "$id" an absolute URI; "$schema" may be
// omitted and defaults to draft 2020-12.
func Load(fsys fs.FS, dir string) (*Registry, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("schema: no *.json files in %q", dir)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	r := &Registry{byType: make(map[string]entry, len(names))}
	for _, name := range names {
		eventType := strings.TrimSuffix(path.Base(name), ".json")
		if _, _, err := events.ParseType(eventType); err != nil {
			return nil, fmt.Errorf("schema: file %s: %w", name, err)
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("schema: %w", err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
		if err != nil {
			return nil, fmt.Errorf("schema: file %s: %w", name, err)
		}
		obj, _ := doc.(map[string]any)
		id, _ := obj["$id"].(string)
		if u, err := url.Parse(id); id == "" || err != nil || !u.IsAbs() {
			return nil, fmt.Errorf("schema: file %s: \"$id\" must be an absolute URI, got %q", name, id)
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("schema: file %s: %w", name, err)
		}
		r.byType[eventType] = entry{id: id, source: src}
	}
	for t, e := range r.byType {
		sch, err := c.Compile(e.id)
		if err != nil {
			return nil, fmt.Errorf("schema: %s: %w", t, err)
		}
		e.schema = sch
		r.byType[t] = e
	}
	return r, nil
}

// Types returns the event types the registry knows, sorted.
func (r *Registry) Types() []string {
	types := make([]string, 0, len(r.byType))
	for t := range r.byType {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// DataSchema returns the "$id" of the schema for eventType, which events of
// that type carry as their dataschema.
func (r *Registry) DataSchema(eventType string) (string, error) {
	e, ok := r.byType[eventType]
	if !ok {
		return "", fmt.Errorf("%w %q", ErrUnknownType, eventType)
	}
	return e.id, nil
}

// Source returns the schema file of eventType as it was read, for instance
// to check it against earlier versions with package compat.
func (r *Registry) Source(eventType string) ([]byte, error) {
	e, ok := r.byType[eventType]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownType, eventType)
	}
	return bytes.Clone(e.source), nil
}

// Validate checks e's data against the schema of e's type. It returns an
// error wrapping ErrUnknownType when there is none, ErrSchemaMismatch when e
// carries a dataschema other than that schema's "$id", and a
// *ValidationError when the data does not conform. It does not check the
// context attributes; see events.Event.Validate.
func (r *Registry) Validate(e events.Event) error {
	en, ok := r.byType[e.Type]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownType, e.Type)
	}
	if e.DataSchema != "" && e.DataSchema != en.id {
		return fmt.Errorf("%w: %s carries %q, registry has %q", ErrSchemaMismatch, e.Type, e.DataSchema, en.id)
	}
	return en.validate(e.Type, e.Data)
}

// ValidateData checks data, a JSON document, against the schema of
// eventType, with the errors of Validate.
func (r *Registry) ValidateData(eventType string, data []byte) error {
	en, ok := r.byType[eventType]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownType, eventType)
	}
	return en.validate(eventType, data)
}

// Stamp sets e's dataschema to the "$id" of its type's schema and validates
// e's data; publishers call it on every event they emit.
func (r *Registry) Stamp(e *events.Event) error {
	id, err := r.DataSchema(e.Type)
	if err != nil {
		return err
	}
	e.DataSchema = id
	return r.Validate(*e)
}

func (en entry) validate(eventType string, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return &ValidationError{Type: eventType, Fields: []FieldError{{Path: "", Message: "data is not valid JSON: " + err.Error()}}}
	}
	err = en.schema.Validate(inst)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("schema: %s: %w", eventType, err)
	}
	fields := fieldErrors(verr, nil)
	slices.SortStableFunc(fields, func(a, b FieldError) int { return strings.Compare(a.Path, b.Path) })
	return &ValidationError{Type: eventType, Fields: fields}
}
