package schema_test

import (
	"errors"
	"fmt"

	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
)

// A registry is loaded once from embedded files; a failed validation names
// every offending field by its JSON pointer.
func ExampleRegistry_ValidateData() {
	reg, err := schema.Load(orders.SchemaFiles, "schemas")
	if err != nil {
		fmt.Println(err)
		return
	}
	err = reg.ValidateData(orders.CreatedV1, []byte(`{
		"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
		"customer_email": "ada.example.com",
		"items": [{"sku": "BOOK-1", "qty": 0}]
	}`))
	var verr *schema.ValidationError
	if errors.As(err, &verr) {
		for _, f := range verr.Fields {
			fmt.Println(f)
		}
	}
	// Output:
	// /customer_email: 'ada.example.com' is not valid email: missing @
	// /items/0/qty: minimum: got 0, want 1
	// /total_cents: required property is missing
}
