// Package schema validates event data against JSON Schemas (draft 2020-12)
// that are kept as files next to the code and embedded into the binary.
//
// A [Registry] is loaded once from an [io/fs.FS], usually an [embed.FS]:
//
//	//go:embed schemas/*.json
//	var schemaFiles embed.FS
//
//	reg, err := schema.Load(schemaFiles, "schemas")
//
// Each file is named after the event type it describes, major version
// included ("com.example.order.created.v2.json"), and has an absolute "$id",
// which becomes the CloudEvents dataschema of the events of that type. Files
// may refer to each other with "$ref" by their "$id". Every schema is compiled
// once, with format assertions switched on: in drafts 2019-09 and 2020-12
// "format" is only an annotation by default, so "format": "email" or "uuid"
// would otherwise accept anything.
//
// Publishers call [Registry.Validate] before an event leaves the process and
// subscribers call it again on receipt. A failure is a [*ValidationError] that
// lists every offending field as a JSON pointer into the data ("/lines/0/sku")
// with the reason; a missing required property or an unexpected additional
// property is reported at the path of that property, not of its parent.
package schema
