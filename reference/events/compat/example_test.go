package compat_test

import (
	"fmt"

	"github.com/skillcheck-dev/skillcheck/reference/events/compat"
)

// Adding an optional property to an open schema is forward compatible but
// not backward compatible: documents of version 1 may already carry "note"
// with any value.
func ExampleCheck() {
	v1 := compat.Version{Name: "v1", Schema: []byte(`{"type": "object", "properties": {"id": {"type": "string"}}}`)}
	v2 := compat.Version{Name: "v2", Schema: []byte(`{"type": "object", "properties": {"id": {"type": "string"}, "note": {"type": "string"}}}`)}

	fmt.Println(compat.Check(compat.Forward, v1, v2))
	fmt.Println(compat.Check(compat.Backward, v1, v2))
	// Output:
	// <nil>
	// compat: 1 incompatibility under BACKWARD:
	// 	v2 vs v1 (backward): #/properties/note: PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: the new schema declares "note", the old schema does not but allows additional properties of any value, so documents of the old schema may carry any "note"
}

// With a closed content model, the same addition is backward compatible.
func ExampleCheck_closed() {
	v1 := compat.Version{Name: "v1", Schema: []byte(`{"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": false}`)}
	v2 := compat.Version{Name: "v2", Schema: []byte(`{"type": "object", "properties": {"id": {"type": "string"}, "note": {"type": "string"}}, "additionalProperties": false}`)}

	fmt.Println(compat.Check(compat.BackwardTransitive, v1, v2))
	// Output:
	// <nil>
}
