package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// attributes are the names of the context attributes that Event has fields
// for, and the members of the JSON format that are not extensions.
var attributes = []string{"id", "source", "specversion", "type", "time", "subject", "datacontenttype", "dataschema", "data", "data_base64"}

// checkExtensionName returns an error unless name is a valid CloudEvents
// extension attribute name: 1 to 20 lower-case ASCII letters and digits
// (the specification's rule and its recommended length, which the Go SDK can
// be set to enforce), and not a name the specification defines.
func checkExtensionName(name string) error {
	if name == "" || len(name) > 20 || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
		return fmt.Errorf("extension name %q is not 1 to 20 lower-case letters and digits", name)
	}
	if slices.Contains(attributes, name) {
		return fmt.Errorf("extension name %q is a CloudEvents attribute", name)
	}
	return nil
}

// plain is Event without its methods, for the default JSON encoding of its
// fields.
type plain Event

// MarshalJSON encodes e in the CloudEvents JSON format (structured mode):
// the attributes, the extensions as members of the same object, and the data.
func (e Event) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(plain(e))
	if err != nil || len(e.Extensions) == 0 {
		return b, err
	}
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1]) // without the closing brace
	for _, name := range slices.Sorted(maps.Keys(e.Extensions)) {
		if err := checkExtensionName(name); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		v, _ := json.Marshal(e.Extensions[name]) // a string always encodes
		fmt.Fprintf(&buf, ",%q:%s", name, v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON decodes an event in the CloudEvents JSON format. Members
// that are not attributes of Event are extensions; a string, number or
// boolean extension is kept as its text, null is dropped, and objects and
// arrays are errors (the CloudEvents type system has none). data_base64
// (binary data) is an error: this package carries JSON data only.
func (e *Event) UnmarshalJSON(b []byte) error {
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	if _, ok := members["data_base64"]; ok {
		return errors.New("events: data_base64 is not supported; data must be JSON")
	}
	for name, raw := range members {
		if slices.Contains(attributes, name) {
			continue
		}
		v, keep, err := extensionValue(raw)
		if err != nil {
			return fmt.Errorf("events: extension %q: %w", name, err)
		}
		if keep {
			if p.Extensions == nil {
				p.Extensions = map[string]string{}
			}
			p.Extensions[name] = v
		}
	}
	*e = Event(p)
	return nil
}

// extensionValue returns the canonical string of a JSON extension value.
func extensionValue(raw json.RawMessage) (string, bool, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", false, nil
	case raw[0] == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err == nil, err
	case raw[0] == '{' || raw[0] == '[':
		return "", false, errors.New("an object or array is not a CloudEvents attribute value")
	default: // a number or a boolean, whose JSON text is its canonical string
		return string(raw), true, nil
	}
}

// Binary is an event in binary content mode: its attributes and extensions
// as strings keyed by attribute name (without a protocol's prefix), the data
// content type apart (protocols carry it in their own content-type field),
// and the data as the message body.
type Binary struct {
	Attributes  map[string]string
	ContentType string
	Data        []byte
}

// ToBinary returns e in binary content mode. Times are in RFC 3339 with
// nanoseconds, in UTC, as the Go SDK writes them.
func (e Event) ToBinary() Binary {
	a := map[string]string{"id": e.ID, "source": e.Source, "specversion": e.SpecVersion, "type": e.Type}
	if !e.Time.IsZero() {
		a["time"] = e.Time.UTC().Format(time.RFC3339Nano)
	}
	if e.Subject != "" {
		a["subject"] = e.Subject
	}
	if e.DataSchema != "" {
		a["dataschema"] = e.DataSchema
	}
	for k, v := range e.Extensions {
		a[k] = v
	}
	return Binary{Attributes: a, ContentType: e.DataContentType, Data: e.Data}
}

// FromBinary returns the event that b holds in binary content mode and
// validates it; the error wraps ErrInvalid when it is not a valid event.
// Attributes other than those Event has fields for are extensions.
func FromBinary(b Binary) (Event, error) {
	e := Event{DataContentType: b.ContentType, Data: b.Data}
	for name, v := range b.Attributes {
		switch name {
		case "id":
			e.ID = v
		case "source":
			e.Source = v
		case "specversion":
			e.SpecVersion = v
		case "type":
			e.Type = v
		case "subject":
			e.Subject = v
		case "dataschema":
			e.DataSchema = v
		case "datacontenttype":
			e.DataContentType = v
		case "time":
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return Event{}, fmt.Errorf("%w %s: time %q is not RFC 3339", ErrInvalid, e.Key(), v)
			}
			e.Time = t.UTC()
		default:
			e = e.WithExtension(name, v)
		}
	}
	if len(e.Data) == 0 {
		e.Data = nil
	}
	return e, e.Validate()
}
