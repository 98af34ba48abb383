package events_test

import (
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
)

// New builds a CloudEvent whose type carries the major version of its data
// schema; (source, id) identifies it for deduplication.
func ExampleNew() {
	at := time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)
	e, err := events.New("urn:example:orders", "0196a4b2-0001", "com.example.order.shipped.v1", at,
		map[string]string{"order_id": "A-17"})
	if err != nil {
		fmt.Println(err)
		return
	}
	major, _ := e.Major()
	fmt.Println(e.Type, "major", major)
	fmt.Println("dedup key:", e.Key())
	// Output:
	// com.example.order.shipped.v1 major 1
	// dedup key: urn:example:orders 0196a4b2-0001
}

// ParseType splits a type into its name and major version, which is how
// subscribers route and filter.
func ExampleParseType() {
	name, major, err := events.ParseType("com.example.order.created.v2")
	fmt.Println(name, major, err)
	_, _, err = events.ParseType("com.example.order.created")
	fmt.Println(err)
	// Output:
	// com.example.order.created 2 <nil>
	// type "com.example.order.created" does not end in .v<major>
}

// Upcasters lift old events to the version the reader understands, one
// major version per step.
func ExampleUpcasters_Lift() {
	type celsiusV1 struct{ Celsius float64 }
	type kelvinV2 struct{ Kelvin float64 }
	up := events.Upcasters{
		"com.example.reading.v1": events.UpcastData("com.example.reading.v2",
			func(old celsiusV1) (kelvinV2, error) { return kelvinV2{Kelvin: old.Celsius + 273.15}, nil }),
	}
	old, _ := events.New("/sensor/7", "r-1", "com.example.reading.v1", time.Time{}, celsiusV1{Celsius: 20})
	e, err := up.Lift(old, 2)
	fmt.Println(e.Type, string(e.Data), err)
	// Output:
	// com.example.reading.v2 {"Kelvin":293.15} <nil>
}
