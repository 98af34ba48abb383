package orders_test

import (
	"github.com/skillcheck-dev/skillcheck/reference/events/compat"
	"os"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
)

// The upcaster's output must be valid version 2 data.
func TestUpcastIsValidV2(t *testing.T) {
	reg, err := orders.Registry()
	if err != nil {
		t.Fatal(err)
	}
	v1, err := events.New(orders.Source, "o-1", orders.CreatedV1, time.Now(), orders.Created1{
		OrderID:       "7c9e6679-7425-40de-944b-e07fc1f90ae7",
		CustomerEmail: "ada@example.com",
		TotalCents:    990,
		Items:         []orders.Item1{{SKU: "BOOK-1", Qty: 1}, {SKU: "PEN-22", Qty: 3}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Stamp(&v1); err != nil {
		t.Fatalf("v1 data invalid: %v", err)
	}
	v2, err := orders.Upcasters.Lift(v1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Stamp(&v2); err != nil {
		t.Fatalf("upcast data invalid: %v", err)
	}
}

// Within a major version the schema evolves under FORWARD_TRANSITIVE: each
// committed revision of com.example.order.created.v2 is kept in
// schemas/history, and the current file must be compatible with all of them.
// Adding placed_at (optional, open model) passed; a change that breaks
// readers of an earlier revision fails this test and so CI.
func TestSchemaEvolution(t *testing.T) {
	reg, err := orders.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, eventType := range reg.Types() {
		history, err := compat.ReadHistory(os.DirFS("schemas/history"), eventType)
		if err != nil {
			t.Fatal(err)
		}
		current, err := reg.Source(eventType)
		if err != nil {
			t.Fatal(err)
		}
		history = append(history, compat.Version{Name: eventType + ".json", Schema: current})
		compat.Assert(t, compat.ForwardTransitive, history...)
	}
}
