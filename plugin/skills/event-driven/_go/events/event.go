package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SpecVersion is the CloudEvents specification version of every Event.
const SpecVersion = "1.0"

// ContentTypeJSON is the datacontenttype of events whose data is JSON.
const ContentTypeJSON = "application/json"

// Event is a CloudEvents 1.0 event with JSON data. Its JSON encoding is the
// structured content mode of the CloudEvents JSON format.
type Event struct {
	// ID identifies the event within its Source. Required.
	ID string `json:"id"`
	// Source is a URI reference that names the context in which the event
	// happened, such as "/orders" or "urn:example:orders". Required.
	Source string `json:"source"`
	// SpecVersion is the CloudEvents version; New sets it to SpecVersion.
	SpecVersion string `json:"specversion"`
	// Type names the kind of event with its major version, such as
	// "com.example.order.created.v2". Required.
	Type string `json:"type"`
	// Time is when the occurrence happened (optional).
	Time time.Time `json:"time,omitzero"`
	// Subject names the thing the event is about within Source, such as an
	// order ID (optional).
	Subject string `json:"subject,omitempty"`
	// DataContentType is the media type of Data; New sets ContentTypeJSON.
	DataContentType string `json:"datacontenttype,omitempty"`
	// DataSchema is the URI of the JSON Schema that Data conforms to
	// (optional); schema.Registry.Stamp sets it.
	DataSchema string `json:"dataschema,omitempty"`
	// Data is the payload as JSON.
	Data json.RawMessage `json:"data,omitempty"`
	// Extensions are the CloudEvents extension attributes, such as
	// "traceparent" or "partitionkey", by name. In structured mode they are
	// members of the JSON object beside the attributes above; in binary mode
	// headers. Values are kept in their canonical string form (a JSON number
	// or boolean is read as its text). Treat the map as read-only and use
	// WithExtension to change it: copies of an Event share it.
	Extensions map[string]string `json:"-"`
}

// Names of the extension attributes the reference packages read and write.
const (
	// ExtTraceParent and ExtTraceState carry the W3C trace context of the
	// operation that produced the event (the CloudEvents distributed tracing
	// extension).
	ExtTraceParent = "traceparent"
	ExtTraceState  = "tracestate"
	// ExtPartitionKey is the CloudEvents partitioning extension: events with
	// the same key belong to one ordered sequence (for example one order).
	ExtPartitionKey = "partitionkey"
)

// Extension returns the value of the extension attribute name, or "".
func (e Event) Extension(name string) string { return e.Extensions[name] }

// WithExtension returns a copy of e whose extension attribute name is value
// (removed when value is empty). e's own map is left as it was.
func (e Event) WithExtension(name, value string) Event {
	ext := maps.Clone(e.Extensions)
	if value == "" {
		delete(ext, name)
	} else {
		if ext == nil {
			ext = map[string]string{}
		}
		ext[name] = value
	}
	if len(ext) == 0 {
		ext = nil
	}
	e.Extensions = ext
	return e
}

// New returns an event of the given type from source with the given id,
// time and data. data is marshalled to JSON, unless it is already a
// json.RawMessage or a []byte holding JSON.
func New(source, id, eventType string, at time.Time, data any) (Event, error) {
	raw, err := marshalData(data)
	if err != nil {
		return Event{}, fmt.Errorf("events: data of %s: %w", eventType, err)
	}
	e := Event{
		ID:              id,
		Source:          source,
		SpecVersion:     SpecVersion,
		Type:            eventType,
		Time:            at.UTC(),
		DataContentType: ContentTypeJSON,
		Data:            raw,
	}
	return e, e.Validate()
}

func marshalData(data any) (json.RawMessage, error) {
	switch d := data.(type) {
	case json.RawMessage:
		return d, nil
	case []byte:
		if !json.Valid(d) {
			return nil, errors.New("not valid JSON")
		}
		return d, nil
	default:
		return json.Marshal(d)
	}
}

// Key is the deduplication key of an event: CloudEvents makes the pair
// (source, id) unique, so two events with the same Key are the same event.
type Key struct {
	Source string // the event's source
	ID     string // the event's id
}

// String returns source and id joined by a space (a space cannot occur in
// a URI reference, so the joining is unambiguous).
func (k Key) String() string { return k.Source + " " + k.ID }

// Key returns the deduplication key of e.
func (e Event) Key() Key { return Key{Source: e.Source, ID: e.ID} }

// Major returns the major version in e's type; see ParseType.
func (e Event) Major() (int, error) {
	_, major, err := ParseType(e.Type)
	return major, err
}

// DecodeData unmarshals e's data into v. Fields of the data that v does not
// have are ignored (a tolerant reader).
func (e Event) DecodeData(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("events: decode data of %s %s: %w", e.Type, e.Key(), err)
	}
	return nil
}

// ErrInvalid is wrapped by every error that Validate returns.
var ErrInvalid = errors.New("events: invalid event")

// Validate checks e's context attributes against CloudEvents 1.0 and this
// package's type convention. It does not look at the data: that is what
// package schema does. The error wraps ErrInvalid.
func (e Event) Validate() error {
	var problems []string
	if e.ID == "" {
		problems = append(problems, "id is empty")
	}
	if e.Source == "" {
		problems = append(problems, "source is empty")
	} else if _, err := url.Parse(e.Source); err != nil {
		problems = append(problems, "source is not a URI reference")
	}
	if e.SpecVersion != SpecVersion {
		problems = append(problems, fmt.Sprintf("specversion is %q, want %q", e.SpecVersion, SpecVersion))
	}
	if _, _, err := ParseType(e.Type); err != nil {
		problems = append(problems, err.Error())
	}
	if e.DataSchema != "" {
		if u, err := url.Parse(e.DataSchema); err != nil || !u.IsAbs() {
			problems = append(problems, "dataschema is not an absolute URI")
		}
	}
	if len(e.Data) > 0 && !json.Valid(e.Data) {
		problems = append(problems, "data is not valid JSON")
	}
	for name := range e.Extensions {
		if err := checkExtensionName(name); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w %s: %s", ErrInvalid, e.Key(), strings.Join(problems, "; "))
	}
	return nil
}

// ParseType splits an event type such as "com.example.order.created.v2" into
// its name ("com.example.order.created") and its major version (2). The name
// is at least one dot-separated token of letters, digits, '-' and '_'; the
// last token is "v" and a positive decimal number without leading zeros.
func ParseType(eventType string) (name string, major int, err error) {
	i := strings.LastIndexByte(eventType, '.')
	if i <= 0 {
		return "", 0, fmt.Errorf("type %q has no .v<major> suffix", eventType)
	}
	name, v := eventType[:i], eventType[i+1:]
	if len(v) < 2 || v[0] != 'v' || v[1] == '0' {
		return "", 0, fmt.Errorf("type %q does not end in .v<major>", eventType)
	}
	major, err = strconv.Atoi(v[1:])
	if err != nil || major < 1 || strconv.Itoa(major) != v[1:] {
		return "", 0, fmt.Errorf("type %q does not end in .v<major>", eventType)
	}
	for _, tok := range strings.Split(name, ".") {
		if tok == "" || strings.TrimLeft(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			return "", 0, fmt.Errorf("type %q: token %q is empty or has characters other than letters, digits, '-' and '_'", eventType, tok)
		}
	}
	return name, major, nil
}

// TypeOf returns the event type of name at the given major version, such as
// TypeOf("com.example.order.created", 2) == "com.example.order.created.v2".
func TypeOf(name string, major int) string {
	return name + ".v" + strconv.Itoa(major)
}

// ErrNoUpcaster is wrapped by the error of Upcasters.Lift when no upcaster
// leads from an event's type to the wanted major version.
var ErrNoUpcaster = errors.New("events: no upcaster")

// Upcasters lift events to newer major versions of their type when they are
// read, so that code handles only the newest version while old events stay
// as they were written (in a log, an event store, or from producers that
// still publish the old version during a migration). The key is the type an
// upcaster lifts from; each upcaster lifts by one major version, and Lift
// chains them (v1 → v2 → v3).
type Upcasters map[string]func(Event) (Event, error)

// Lift returns e at major version major of its type, applying upcasters in
// turn. An event already at that version is returned unchanged. An event at
// a newer version, or one for which a step is missing, gives an error that
// wraps ErrNoUpcaster. An upcaster must keep the event's source and id (its
// identity) and must raise the major version; Lift checks both.
func (u Upcasters) Lift(e Event, major int) (Event, error) {
	for {
		name, m, err := ParseType(e.Type)
		if err != nil {
			return Event{}, fmt.Errorf("%w %s: %w", ErrInvalid, e.Key(), err)
		}
		if m == major {
			return e, nil
		}
		up, ok := u[e.Type]
		if m > major || !ok {
			return Event{}, fmt.Errorf("%w from %s to %s", ErrNoUpcaster, e.Type, TypeOf(name, major))
		}
		next, err := up(e)
		if err != nil {
			return Event{}, fmt.Errorf("events: upcast %s %s: %w", e.Type, e.Key(), err)
		}
		nextName, nextMajor, err := ParseType(next.Type)
		switch {
		case err != nil || nextName != name || nextMajor <= m:
			return Event{}, fmt.Errorf("events: upcaster of %s returned type %q, not a newer version of %s", e.Type, next.Type, name)
		case next.Key() != e.Key():
			return Event{}, fmt.Errorf("events: upcaster of %s changed the event's source or id", e.Type)
		}
		e = next
	}
}

// UpcastData returns an upcaster that decodes the data of an event into From
// (ignoring fields From does not have), converts it with convert, and returns
// the event with the result as data and toType as type. The other attributes
// are kept, except dataschema, which is cleared because it named the old
// schema.
func UpcastData[From, To any](toType string, convert func(From) (To, error)) func(Event) (Event, error) {
	return func(e Event) (Event, error) {
		var old From
		if err := e.DecodeData(&old); err != nil {
			return Event{}, err
		}
		v, err := convert(old)
		if err != nil {
			return Event{}, err
		}
		data, err := json.Marshal(v)
		if err != nil {
			return Event{}, err
		}
		e.Type, e.DataSchema, e.Data = toType, "", data
		return e, nil
	}
}
