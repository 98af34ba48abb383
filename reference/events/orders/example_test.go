package orders_test

import (
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
)

// A reader that handles only version 2 lifts the version 1 events it meets.
func ExampleUpcasters() {
	v1, _ := events.New(orders.Source, "o-1", orders.CreatedV1, time.Time{}, orders.Created1{
		OrderID:       "7c9e6679-7425-40de-944b-e07fc1f90ae7",
		CustomerEmail: "ada@example.com",
		TotalCents:    1250,
		Items:         []orders.Item1{{SKU: "BOOK-1", Qty: 2}},
	})
	e, err := orders.Upcasters.Lift(v1, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	var data orders.Created2
	_ = e.DecodeData(&data)
	fmt.Println(e.Type)
	fmt.Printf("%+v\n", data)
	// Output:
	// com.example.order.created.v2
	// {OrderID:7c9e6679-7425-40de-944b-e07fc1f90ae7 Customer:{Email:ada@example.com Name:} Total:{AmountCents:1250 Currency:EUR} Lines:[{SKU:BOOK-1 Quantity:2}]}
}
