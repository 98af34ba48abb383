// Package natsbus publishes and subscribes to versioned CloudEvents over NATS
// JetStream.
//
// Every event goes to the subject "<prefix>.<type>", and the type ends in the
// major version, so "com.example.order.created.v2" is published on
// "events.com.example.order.created.v2". A subscriber's JetStream consumer
// filters on the subject: by type pattern (NATS wildcards, such as
// "com.example.order.*" or "com.example.>") and by major version. The source
// is not in the subject, so the subscriber filters on it after decoding and
// acknowledges what it filtered out.
//
// The body of a message is the event in CloudEvents structured JSON mode.
// The message id header (Nats-Msg-Id) is the event's type, source and id, so
// JetStream drops a second publish of the same event within the stream's
// duplicate window, for instance when an outbox relay publishes a row again.
// Deduplication beyond that window belongs to the consumer (see
// outbox.Inbox).
//
// The [Publisher] validates events before they leave: their CloudEvents
// attributes always, their data against the schema registry when it has one,
// setting dataschema. It implements outbox.Publisher, so an outbox relay can
// publish through it. It waits for each acknowledgement at most its Timeout
// (DefaultPublishTimeout unless set), also when the caller's context allows
// longer: nats.go applies its own default only to contexts without a
// deadline, so an acknowledgement lost with the connection would otherwise
// hold the publish until the caller's deadline.
//
// The [Subscriber] validates on receipt as well, then lifts events of older
// major versions to the version its handler understands with
// events.Upcasters. Handlers decode the data with events.Event.DecodeData,
// which ignores fields they do not know (a tolerant reader), so producers can
// add optional fields without breaking them. An event that fails validation
// or upcasting can never succeed: it is terminated (not redelivered) and
// reported to OnError. A handler error makes JetStream redeliver the event;
// success acknowledges it.
//
// During a migration from v1 to v2 the producer publishes both versions of
// each event, with the same source and id: they are one occurrence in two
// shapes. Old subscribers keep filtering on v1, new ones on v2; a subscriber
// that takes both (lifting v1 to v2) sees the occurrence twice with one key,
// and its inbox keeps the first.
package natsbus
