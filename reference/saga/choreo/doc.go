// Package choreo runs a choreographed saga: no orchestrator, each service
// reacts to the events of the others and emits the next event, or a
// compensating one, over the events packages (the outbox, its relay, the
// inbox, a broker such as natsbus).
//
// A [Service] maps event types to [Reaction] functions. [Service.Handle]
// (a natsbus.Handler) runs the reaction of an event exactly once: in one
// transaction of the service's database, the inbox records the event's
// (source, id), the reaction changes the service's state, and the outbox
// stores the events the reaction emits; the relay publishes them once the
// transaction commits. A redelivered event finds its key in the inbox and
// is acknowledged without running again; a reaction that fails rolls all
// three back, and the broker delivers the event again. A business refusal
// is not an error: the reaction records it and emits the event that turns
// the saga back (payment declined → release the stock).
//
// Every event of one saga carries the saga's ID as its CloudEvents subject
// (the correlation ID), and [Next] makes the ID of an emitted event from the
// saga's ID and the event's type, so that an event emitted twice (a
// reaction run again after a lost commit acknowledgement) is one event to
// its consumers. To trace a saga, select its events by subject in the
// services' logs, outboxes and inboxes, or carry the W3C traceparent of the
// first event on to every event the saga emits (a CloudEvents distributed
// tracing extension, where the envelope has extensions).
package choreo
