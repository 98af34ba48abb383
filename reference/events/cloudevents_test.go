package events_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/cetest"
)

// The envelope round-trips through the official CloudEvents Go SDK in
// structured mode (the JSON format) and in binary mode (headers), with its
// extensions.
func TestRoundTripThroughTheSDK(t *testing.T) {
	sdk := cetest.Sample(t, "A")

	// Structured: the SDK's JSON is read by us and ours by the SDK.
	var ours events.Event
	if err := json.Unmarshal(cetest.ToStructured(t, sdk), &ours); err != nil {
		t.Fatal(err)
	}
	if err := ours.Validate(); err != nil {
		t.Fatal(err)
	}
	cetest.Equal(t, ours, sdk)
	body, err := json.Marshal(ours)
	if err != nil {
		t.Fatal(err)
	}
	cetest.Equal(t, ours, cetest.FromStructured(t, body))

	// Binary: the SDK's headers are read by us and ours by the SDK.
	attrs, contentType, data := cetest.ToBinary(t, sdk)
	fromSDK, err := events.FromBinary(events.Binary{Attributes: attrs, ContentType: contentType, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	cetest.Equal(t, fromSDK, sdk)
	b := ours.ToBinary()
	cetest.Equal(t, ours, cetest.FromBinary(t, b.Attributes, b.ContentType, b.Data))
}

// Extension names follow CloudEvents: lower-case letters and digits, no
// attribute's name; JSON numbers and booleans are kept as their text.
func TestExtensions(t *testing.T) {
	e, _ := events.New("/orders", "1", "order.created.v1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), map[string]int{"n": 1})
	for _, bad := range []string{"TraceParent", "trace-parent", "data", "averyveryverylongextensionname"} {
		if err := e.WithExtension(bad, "x").Validate(); err == nil {
			t.Errorf("extension %q accepted", bad)
		}
	}
	var back events.Event
	if err := json.Unmarshal([]byte(`{"id":"1","source":"/o","specversion":"1.0","type":"o.v1","seq":42,"flag":true,"gone":null}`), &back); err != nil {
		t.Fatal(err)
	}
	if back.Extension("seq") != "42" || back.Extension("flag") != "true" || len(back.Extensions) != 2 {
		t.Fatalf("extensions %v", back.Extensions)
	}
	if err := json.Unmarshal([]byte(`{"id":"1","source":"/o","specversion":"1.0","type":"o.v1","obj":{}}`), &back); err == nil {
		t.Fatal("an object extension was accepted")
	}
	x := e.WithExtension("a", "1")
	y := x.WithExtension("a", "2")
	if x.Extension("a") != "1" || y.Extension("a") != "2" || e.Extensions != nil {
		t.Fatal("WithExtension changed the event it was called on")
	}
}
