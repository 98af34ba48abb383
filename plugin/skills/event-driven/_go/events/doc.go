// Package events is the envelope that every event of the reference packages
// travels in: the attributes of CloudEvents 1.0, with the major version of the
// event's schema in its type.
//
// An [Event] carries the required CloudEvents attributes (id, source,
// specversion, type) and the optional ones this project uses (time, subject,
// datacontenttype, dataschema), plus the data as raw JSON. Its JSON encoding is
// the CloudEvents structured mode, so an Event can be stored in an outbox or an
// event store, put on a broker, or read by any CloudEvents SDK.
//
// Types are reverse-DNS names that end in the major version of their schema,
// such as "com.example.order.created.v2": [ParseType] splits one, [TypeOf]
// builds one. The major version changes when, and only when, the schema of the
// data changes in a way that breaks readers (see package compat); compatible
// changes keep it. During a migration a producer publishes v1 and v2 side by
// side, and readers pick the one they understand.
//
// The pair (source, id) identifies an event: producers keep it unique and
// stable across retries, and consumers treat a second event with the same
// [Event.Key] as a duplicate. Relays and brokers deliver at least once, so
// this key is what makes processing exactly once.
//
// Extension attributes (such as traceparent, tracestate and partitionkey)
// are kept in Event.Extensions as strings: members of the JSON object in
// structured mode, headers in binary mode ([Event.ToBinary], [FromBinary]).
//
// The package has no dependency on github.com/cloudevents/sdk-go: the few
// attributes above, their validation and the two content modes are all the
// reference packages need, and a plain struct keeps the outbox and the event
// store free of the SDK's transport layer. The tests prove that events
// round-trip through the SDK in both modes, in memory and over NATS and
// RabbitMQ.
package events
