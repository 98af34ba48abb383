// Package amqpbus publishes and subscribes to versioned CloudEvents over
// RabbitMQ, on top of the message-queue reference (package
// reference/mq/rabbitmq): its Publisher's confirm window and reconnects for
// publishing, its Consumer's retry ladder and dead-letter queue for
// subscribing. It implements the same interfaces as natsbus (bus.Publisher,
// bus.Subscriber), so an outbox relay and a service's subscribers run
// unchanged on either broker.
//
// Every event goes to one durable topic exchange (DefaultExchange, "events")
// with its type as the routing key: "com.example.order.created.v2". The
// words of a routing key are the dot-separated tokens of the type, and the
// last one is the major version, so a subscriber's queue is bound by type
// pattern and version: "com.example.order.created.v2",
// "com.example.order.*.v2", "com.example.#". The exchange has an alternate
// exchange whose queue (Exchange + ".unrouted") keeps, for a week, the
// events that no subscriber's binding takes, instead of the broker dropping
// them; the publisher's mandatory flag therefore never fires for events.
//
// A subscriber is a queue of its own (Topology.Queue, named after the
// consuming service and shared by its instances) with the message-queue
// reference's retry queues and dead-letter queue. Unlike a JetStream
// consumer, a new queue receives only events published after it was bound:
// RabbitMQ keeps no history to replay. A handler error sends the event to the
// retry queue of its attempt, whose TTL delays it (1 s, 10 s, 1 min, 10 min by
// default), and after the last attempt, or at once for bus.Permanent errors
// and events that can never be handled, to the dead-letter queue, which
// reference/mq/cmd/mqdlq inspects and replays. Nothing is ever requeued in a
// loop.
//
// Messages carry the event in CloudEvents structured mode (JSON body,
// content type application/cloudevents+json) or, with bus.Binary, in binary
// mode: each attribute in a header named HeaderPrefix ("cloudEvents_") and
// the attribute name, as the CloudEvents AMQP binding names its application
// properties, the data content type in the content-type property, and the
// data alone in the body. RabbitMQ speaks AMQP 0-9-1, for which CloudEvents
// defines no binding; this is the AMQP 1.0 binding's mapping applied to
// 0-9-1 headers. The message ID is the event's type, source and id, the
// idempotency key its source and id. The W3C trace context travels in the
// traceparent and tracestate headers.
package amqpbus
