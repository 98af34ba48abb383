// Package cetest checks events against the official CloudEvents Go SDK
// (github.com/cloudevents/sdk-go/v2) in the tests of the events packages:
// it converts to and from the SDK's event in structured mode (the SDK's JSON
// format) and in binary mode (the SDK's HTTP binding, whose ce- headers and
// content-type are the mapping the NATS binding uses, and which the AMQP
// tests apply to their cloudEvents_ headers). The SDK's protocol modules for
// NATS and AMQP are not available from the module proxy this project builds
// with, so the HTTP binding stands in for their header codecs.
package cetest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/cloudevents/sdk-go/v2/event"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"

	"github.com/skillcheck-dev/skillcheck/reference/events"
)

// Sample returns an event built with the SDK, with every optional attribute
// and three extensions (trace context and a partition key).
func Sample(t testing.TB, id string) event.Event {
	t.Helper()
	e := event.New()
	e.SetID(id)
	e.SetSource("urn:example:orders")
	e.SetType("com.example.order.created.v2")
	e.SetSubject("7c9e6679-7425-40de-944b-e07fc1f90ae7")
	e.SetTime(time.Date(2026, 3, 1, 11, 0, 0, 123456789, time.UTC))
	e.SetDataSchema("https://schemas.example.com/events/com.example.order.created.v2.json")
	e.SetExtension(events.ExtTraceParent, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	e.SetExtension(events.ExtTraceState, "vendor=abc")
	e.SetExtension(events.ExtPartitionKey, "7c9e6679-7425-40de-944b-e07fc1f90ae7")
	if err := e.SetData(event.ApplicationJSON, map[string]any{"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "n": 1}); err != nil {
		t.Fatal(err)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	return e
}

// FromStructured decodes body with the SDK's JSON format and validates it.
func FromStructured(t testing.TB, body []byte) event.Event {
	t.Helper()
	var e event.Event
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("the SDK cannot read %s: %v", body, err)
	}
	if err := e.Validate(); err != nil {
		t.Fatalf("the SDK finds %s invalid: %v", body, err)
	}
	return e
}

// ToStructured encodes e with the SDK's JSON format.
func ToStructured(t testing.TB, e event.Event) []byte {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FromBinary decodes an event in binary mode, given its attributes by name
// (without a prefix), its data content type and its data, with the SDK's
// HTTP binding.
func FromBinary(t testing.TB, attrs map[string]string, contentType string, data []byte) event.Event {
	t.Helper()
	h := http.Header{}
	for name, v := range attrs {
		h.Set("ce-"+name, v)
	}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	e, err := binding.ToEvent(context.Background(), cehttp.NewMessage(h, io.NopCloser(bytes.NewReader(data))))
	if err != nil {
		t.Fatalf("the SDK cannot read binary attributes %v: %v", attrs, err)
	}
	if err := e.Validate(); err != nil {
		t.Fatalf("the SDK finds binary attributes %v invalid: %v", attrs, err)
	}
	return *e
}

// ToBinary encodes e in binary mode with the SDK's HTTP binding and returns
// its attributes by name, its data content type and its data.
func ToBinary(t testing.TB, e event.Event) (attrs map[string]string, contentType string, data []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://localhost/", nil)
	if err := cehttp.WriteRequest(context.Background(), binding.ToMessage(&e), req); err != nil {
		t.Fatal(err)
	}
	attrs = map[string]string{}
	for k, v := range req.Header {
		if name, ok := strings.CutPrefix(strings.ToLower(k), "ce-"); ok {
			attrs[name] = v[0]
		}
	}
	if req.Body != nil {
		data, _ = io.ReadAll(req.Body)
	}
	return attrs, req.Header.Get("Content-Type"), data
}

// Equal fails t unless ours and theirs are the same event: every attribute,
// every extension, and data that is the same JSON.
func Equal(t testing.TB, ours events.Event, theirs event.Event) {
	t.Helper()
	check := func(name, a, b string) {
		t.Helper()
		if a != b {
			t.Errorf("%s: ours %q, the SDK's %q", name, a, b)
		}
	}
	check("id", ours.ID, theirs.ID())
	check("source", ours.Source, theirs.Source())
	check("specversion", ours.SpecVersion, theirs.SpecVersion())
	check("type", ours.Type, theirs.Type())
	check("subject", ours.Subject, theirs.Subject())
	check("dataschema", ours.DataSchema, theirs.DataSchema())
	check("datacontenttype", ours.DataContentType, theirs.DataContentType())
	if !ours.Time.Equal(theirs.Time()) {
		t.Errorf("time: ours %v, the SDK's %v", ours.Time, theirs.Time())
	}
	ext := theirs.Extensions()
	if len(ext) != len(ours.Extensions) {
		t.Errorf("extensions: ours %v, the SDK's %v", ours.Extensions, ext)
	}
	for name, v := range ext {
		s, _ := v.(string)
		check("extension "+name, ours.Extension(name), s)
	}
	var a, b any
	if err := json.Unmarshal(ours.Data, &a); err != nil {
		t.Errorf("our data: %v", err)
	}
	if err := json.Unmarshal(theirs.Data(), &b); err != nil {
		t.Errorf("the SDK's data: %v", err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	check("data", string(ja), string(jb))
}
