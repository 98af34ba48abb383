// Package compat decides whether a change to an event's JSON Schema is
// compatible, in the modes of Confluent Schema Registry, and explains every
// incompatibility it finds.
//
// Following the Schema Registry maintainers' definitions, a new version is
// backward compatible when every document valid under the previous version is
// valid under the new one (consumers can upgrade first), and forward
// compatible when every document valid under the new version is valid under
// the previous one (producers can upgrade first); full is both. The transitive
// modes compare a version with every earlier one instead of only the one
// before it. [Check] takes a history of versions, oldest first, and checks
// each version as a registry would have when it was registered.
//
// The checker understands the subset of JSON Schema that event payloads use:
// type (integer counts as a number), enum and const, properties, required,
// additionalProperties (open, closed, or a schema), patternProperties,
// nested objects, items, minimum/maximum (also exclusive), multipleOf,
// minLength/maxLength, pattern, format (an assertion, as package schema
// switches format assertions on), min/maxItems, uniqueItems,
// min/maxProperties, and "$ref" to definitions in the same document.
// Annotations (title, description, examples, default, …) are ignored. Any
// other keyword in the reader's schema must be identical in the writer's,
// otherwise the change is reported as [UnsupportedKeywordChanged]: what the
// checker cannot prove compatible, it reports.
//
// The content model decides what adding or removing a property means.
// Without "additionalProperties": false a schema is open: documents may carry
// properties it does not declare, with any value. Adding a declared property
// to an open schema therefore breaks backward compatibility
// ([PropertyAddedToOpenContentModel], Confluent's rule), while adding an
// optional property to a closed schema does not, and removing a property from
// a closed schema breaks it ([PropertyRemovedFromClosedContentModel]).
// Decide in version 1: open schemas suit FORWARD compatibility and tolerant
// readers (producers add fields, readers ignore what they do not know);
// closed schemas suit BACKWARD_TRANSITIVE, which readers of a replayed log
// need. A partially open model reserves a namespace for additions with
// patternProperties.
//
// One deliberate difference from Confluent: adding a required property with
// a "default" is incompatible here, because validation does not insert
// defaults and old documents without the property are rejected on receipt.
//
// Each [Incompatibility] names the two versions, the direction, a JSON
// pointer into the schema, a [Kind] named after Confluent's difference types,
// and a reason. [Assert] turns them into test failures, and the command
// reference/events/cmd/schemacompat does the same for CI scripts, comparing
// files with their committed versions.
package compat
