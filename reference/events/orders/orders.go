package orders

import (
	"embed"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
)

// Event types of this package.
const (
	CreatedV1 = "com.example.order.created.v1"
	CreatedV2 = "com.example.order.created.v2"
)

// Source is the CloudEvents source of the events of the order service.
const Source = "urn:example:orders"

// SchemaFiles holds the JSON Schemas of the order events, one file per event
// type, in the directory "schemas".
//
//go:embed schemas/*.json
var SchemaFiles embed.FS

// Registry loads the schemas of SchemaFiles into a new schema.Registry.
func Registry() (*schema.Registry, error) {
	return schema.Load(SchemaFiles, "schemas")
}

// Created1 is the data of an order created event, version 1.
type Created1 struct {
	OrderID       string  `json:"order_id"`       // a UUID
	CustomerEmail string  `json:"customer_email"` // who placed the order
	TotalCents    int64   `json:"total_cents"`    // in euro cents
	Items         []Item1 `json:"items"`          // at least one
}

// Item1 is an item of a version 1 order.
type Item1 struct {
	SKU string `json:"sku"` // stock keeping unit
	Qty int    `json:"qty"` // at least 1
}

// Created2 is the data of an order created event, version 2.
type Created2 struct {
	OrderID  string   `json:"order_id"` // a UUID
	Customer Customer `json:"customer"` // who placed the order
	Total    Money    `json:"total"`    // the amount due
	Lines    []Line   `json:"lines"`    // at least one
}

// Customer is the customer who placed an order.
type Customer struct {
	Email string `json:"email"`          // e-mail address
	Name  string `json:"name,omitempty"` // optional
}

// Money is an amount in the smallest unit of its currency.
type Money struct {
	AmountCents int64  `json:"amount_cents"` // in the smallest unit
	Currency    string `json:"currency"`     // EUR, USD or GBP
}

// Line is a line of a version 2 order.
type Line struct {
	SKU      string `json:"sku"`      // stock keeping unit
	Quantity int    `json:"quantity"` // at least 1
}

// Upgrade converts version 1 data to version 2. Version 1 amounts were
// always euro cents.
func Upgrade(v1 Created1) (Created2, error) {
	lines := make([]Line, len(v1.Items))
	for i, it := range v1.Items {
		lines[i] = Line{SKU: it.SKU, Quantity: it.Qty}
	}
	return Created2{
		OrderID:  v1.OrderID,
		Customer: Customer{Email: v1.CustomerEmail},
		Total:    Money{AmountCents: v1.TotalCents, Currency: "EUR"},
		Lines:    lines,
	}, nil
}

// Upcasters lift every order event to its newest version on read.
var Upcasters = events.Upcasters{
	CreatedV1: events.UpcastData(CreatedV2, Upgrade),
}
