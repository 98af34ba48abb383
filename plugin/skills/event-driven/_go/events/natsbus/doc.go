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
// The [Subscriber] (and the function [Subscribe]) validates on receipt as
// well, then lifts events of older major versions to the version its handler
// understands with events.Upcasters. Handlers decode the data with
// events.Event.DecodeData, which ignores fields they do not know (a tolerant
// reader), so producers can add optional fields without breaking them.
//
// Each subscription settles events by the rules of package bus. A handler
// error is answered with a negative acknowledgement that carries the delay of
// the attempt (NakWithDelay with RetryDelays: 1 s, 10 s, 1 min, 10 min by
// default), never with an immediate redelivery; the consumer's MaxDeliver is
// the number of attempts. After the last attempt, for an error wrapped by
// bus.Permanent, and for an event that can never be handled (undecodable,
// invalid, not liftable), the message is published to the dead-letter stream
// (DeadLetterStream, created by Subscribe) with the reason in its headers and
// then terminated. MaxAckPending and the pull batch equal Concurrency, and a
// running handler reports progress (InProgress) every third of AckWait.
// Handlers run on a context of the subscription's own, not on the context
// that bounded the setup. A new durable consumer starts with the events
// published after it was created (StartNew); replaying the stream is the
// deliberate StartAll.
//
// A process that dies during the last attempt leaves that event in the
// stream without a dead letter: JetStream stops delivering it and publishes
// a MAX_DELIVERIES advisory ($JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.
// <stream>.<consumer>) with its stream sequence; alert on those advisories.
//
// Messages carry the event in CloudEvents structured mode (the default) or
// binary mode (bus.Binary: ce- headers and content-type, as the CloudEvents
// NATS binding says); subscribers read both. The W3C trace context travels in
// the traceparent and tracestate headers (bus.Tracing).
//
// During a migration from v1 to v2 the producer publishes both versions of
// each event, with the same source and id: they are one occurrence in two
// shapes. Old subscribers keep filtering on v1, new ones on v2; a subscriber
// that takes both (lifting v1 to v2) sees the occurrence twice with one key,
// and its inbox keeps the first.
package natsbus
