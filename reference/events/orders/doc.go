// Package orders is the example domain of the events reference packages: the
// event "order created" in two major versions, with its JSON Schemas kept as
// files in schemas/ and embedded, Go types for both versions, and the
// upcaster that lifts version 1 to version 2.
//
// Version 2 changed the shape of the data (the customer became an object,
// the total gained a currency, items became lines with quantity instead of
// qty), so it is a new major version with a new type,
// com.example.order.created.v2, and a new dataschema URI. During the
// migration the producer publishes both versions side by side; readers that
// have moved to version 2 lift any version 1 event they still meet with
// [Upcasters].
//
// Within a major version the schemas evolve compatibly: every earlier
// revision of a file is kept in schemas/history/<type>/<n>.json, and a test
// checks the current file against all of them with package compat.
//
// The schemas leave additionalProperties open: a producer may add an optional
// field without a new major version, and readers that do not know it ignore
// it (a tolerant reader). Under Confluent's rules that change is forward
// compatible but not backward compatible, so the schemas evolve under
// FORWARD_TRANSITIVE compatibility (producers first); see package compat.
package orders
