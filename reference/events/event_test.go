package events_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
)

func TestParseType(t *testing.T) {
	tests := []struct {
		in    string
		name  string
		major int
		ok    bool
	}{
		{"com.example.order.created.v2", "com.example.order.created", 2, true},
		{"order.v1", "order", 1, true},
		{"a_b.c-d.v12", "a_b.c-d", 12, true},
		{"order.created", "", 0, false},
		{"order.created.v0", "", 0, false},
		{"order.created.v01", "", 0, false},
		{"order.created.v", "", 0, false},
		{"order.created.v-1", "", 0, false},
		{"v2", "", 0, false},
		{".v2", "", 0, false},
		{"order..created.v2", "", 0, false},
		{"order created.v2", "", 0, false},
	}
	for _, tt := range tests {
		name, major, err := events.ParseType(tt.in)
		if (err == nil) != tt.ok || name != tt.name || major != tt.major {
			t.Errorf("ParseType(%q) = %q, %d, %v; want %q, %d, ok=%v", tt.in, name, major, err, tt.name, tt.major, tt.ok)
		}
		if tt.ok && events.TypeOf(name, major) != tt.in {
			t.Errorf("TypeOf(%q, %d) = %q", name, major, events.TypeOf(name, major))
		}
	}
}

func TestValidate(t *testing.T) {
	good := events.Event{ID: "1", Source: "/orders", SpecVersion: "1.0", Type: "order.created.v1"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []events.Event{
		{Source: "/orders", SpecVersion: "1.0", Type: "order.created.v1"},
		{ID: "1", SpecVersion: "1.0", Type: "order.created.v1"},
		{ID: "1", Source: "/orders", SpecVersion: "0.3", Type: "order.created.v1"},
		{ID: "1", Source: "/orders", SpecVersion: "1.0", Type: "order.created"},
		{ID: "1", Source: "/orders", SpecVersion: "1.0", Type: "order.created.v1", DataSchema: "relative/path"},
		{ID: "1", Source: "/orders", SpecVersion: "1.0", Type: "order.created.v1", Data: json.RawMessage("{")},
	}
	for i, e := range bad {
		if err := e.Validate(); !errors.Is(err, events.ErrInvalid) {
			t.Errorf("bad[%d].Validate() = %v, want ErrInvalid", i, err)
		}
	}
}

func TestJSONIsStructuredCloudEvent(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	e, err := events.New("/orders", "42", "order.created.v1", at, map[string]int{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"42","source":"/orders","specversion":"1.0","type":"order.created.v1","time":"2026-03-01T11:00:00Z","datacontenttype":"application/json","data":{"n":1}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	var back events.Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Key() != e.Key() || !back.Time.Equal(at) {
		t.Fatalf("round trip changed the event: %+v", back)
	}
	if _, err := events.New("/orders", "42", "order.created.v1", at, []byte("{")); err == nil {
		t.Fatal("New accepted invalid JSON bytes")
	}
}

func TestLift(t *testing.T) {
	type v1 struct{ N int }
	type v2 struct{ Count int }
	type v3 struct{ Count, Max int }
	up := events.Upcasters{
		"thing.v1": events.UpcastData("thing.v2", func(o v1) (v2, error) { return v2{Count: o.N}, nil }),
		"thing.v2": events.UpcastData("thing.v3", func(o v2) (v3, error) { return v3{Count: o.Count, Max: 10}, nil }),
	}
	e, _ := events.New("/s", "1", "thing.v1", time.Time{}, v1{N: 3})
	e.DataSchema = "https://example.com/thing.v1.json"
	got, err := up.Lift(e, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != "thing.v3" || string(got.Data) != `{"Count":3,"Max":10}` || got.DataSchema != "" || got.Key() != e.Key() {
		t.Fatalf("Lift = %+v", got)
	}
	if same, err := up.Lift(got, 3); err != nil || same.Type != "thing.v3" {
		t.Fatalf("Lift at target = %v, %v", same.Type, err)
	}
	if _, err := up.Lift(got, 1); !errors.Is(err, events.ErrNoUpcaster) {
		t.Fatalf("downcast: %v", err)
	}
	if _, err := (events.Upcasters{}).Lift(e, 2); !errors.Is(err, events.ErrNoUpcaster) {
		t.Fatalf("missing step: %v", err)
	}
	rogue := events.Upcasters{"thing.v1": func(e events.Event) (events.Event, error) {
		e.Type, e.ID = "thing.v2", "other"
		return e, nil
	}}
	if _, err := rogue.Lift(e, 2); err == nil || !strings.Contains(err.Error(), "source or id") {
		t.Fatalf("identity change: %v", err)
	}
	backwards := events.Upcasters{"thing.v1": func(e events.Event) (events.Event, error) {
		e.Type = "other.v2"
		return e, nil
	}}
	if _, err := backwards.Lift(e, 2); err == nil {
		t.Fatal("Lift accepted an upcaster that changed the type name")
	}
}
