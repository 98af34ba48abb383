package choreo_test

import (
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/saga/choreo"
)

// Every event of a saga carries the saga's ID as subject, and its own ID is
// the saga's ID and its type: a reaction that runs again emits the same
// event.
func ExampleNext() {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	placed, _ := choreo.Start("o-17", "/order", "com.example.shop.order.placed.v1", at, map[string]int{"Qty": 1})
	reserved, _ := choreo.Next(placed, "/stock", "com.example.shop.stock.reserved.v1", at, placed.Data)
	fmt.Println(placed.Subject, placed.ID)
	fmt.Println(reserved.Subject, reserved.ID, string(reserved.Data))
	// Output:
	// o-17 o-17/com.example.shop.order.placed.v1
	// o-17 o-17/com.example.shop.stock.reserved.v1 {"Qty":1}
}
