// Package bus is what the event transports of the reference share, so that
// an outbox relay and the subscribers of a service run unchanged on NATS
// JetStream (package natsbus) and on RabbitMQ (package amqpbus).
//
// A [Publisher] stores an event on the broker and returns only once the
// broker has taken responsibility for it; outbox.Relay publishes through
// one. A [Subscriber] delivers the events its settings select to a
// [Handler] until the [Subscription] is stopped. Both transports decode,
// filter, validate and lift events the same way, with a [Receiver], and
// settle them by the same rules:
//
//   - A handler that returns nil has handled the event: it is acknowledged.
//   - A handler error is transient: the event comes again after a delay
//     that grows with each attempt (RetryDelays, by default 1 s, 10 s, 1 min
//     and 10 min), never at once. After the last attempt it goes to the
//     transport's dead letters with the error as the reason.
//   - An error wrapped by [Permanent], and an event that can never be
//     handled (undecodable, invalid, not liftable), goes to the dead letters
//     at once.
//
// A handler's context belongs to the subscription: it is cancelled only
// when Stop gives up waiting for running handlers, never by the context that
// bounded the setup.
//
// [Tracing] carries the W3C trace context (traceparent, tracestate) with
// OpenTelemetry: in the event's extension attributes from the operation that
// produced it (outbox.Outbox.Add), and in the broker message's headers from
// the publish to the handler, with a span for each publish, relay and
// handle.
package bus
