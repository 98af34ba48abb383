package bus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
)

// Handler handles one event. It returns nil once the event's effect is
// durable (committed), an error for a transient failure (the event comes
// again later), or an error wrapped by Permanent when no attempt can
// succeed. The context ends only when the subscription's Stop gives up on
// the handler.
type Handler func(ctx context.Context, e events.Event) error

// Publisher publishes one event and returns only once the broker has taken
// responsibility for it (a JetStream acknowledgement, a RabbitMQ publisher
// confirm). natsbus.Publisher and amqpbus.Publisher implement it; so does
// every outbox.Publisher.
type Publisher interface {
	Publish(ctx context.Context, e events.Event) error
}

// Subscriber starts subscriptions; natsbus.Subscriber and amqpbus.Subscriber
// implement it. Subscribe returns once the broker keeps the events for the
// subscription, so events published after it returned reach h. ctx bounds
// the setup only.
type Subscriber interface {
	Subscribe(ctx context.Context, h Handler) (Subscription, error)
}

// Subscription is a running subscription.
type Subscription interface {
	// Stop stops receiving and waits until the running handlers have
	// finished and their events are settled, or until ctx ends: then it
	// cancels the handlers' context, leaves their events to the broker to
	// deliver again, and returns an error that matches ctx.Err().
	Stop(ctx context.Context) error
}

// ErrPermanent is wrapped by the errors of Permanent.
var ErrPermanent = errors.New("bus: permanent failure")

// Permanent marks err as a failure that no further attempt can change (a
// business rule rejects the event): the subscriber sends the event to its
// dead letters at once instead of retrying it. errors.Is(Permanent(err),
// err) holds.
func Permanent(err error) error { return &permanentError{err} }

type permanentError struct{ err error }

func (e *permanentError) Error() string   { return e.err.Error() }
func (e *permanentError) Unwrap() []error { return []error{e.err, ErrPermanent} }

// DefaultRetryDelays are the delays before attempts 2 to 5 when a
// transport's RetryDelays is nil: 1 s, 10 s, 1 min and 10 min, the same
// ladder as the message-queue reference (package rabbitmq).
var DefaultRetryDelays = []time.Duration{time.Second, 10 * time.Second, time.Minute, 10 * time.Minute}

// Delays returns the retry delays that a transport uses for the setting
// delays: DefaultRetryDelays when nil, otherwise delays itself (an empty,
// non-nil slice means no retries).
func Delays(delays []time.Duration) []time.Duration {
	if delays == nil {
		return DefaultRetryDelays
	}
	return delays
}

// Filter selects the events a subscriber receives.
type Filter struct {
	// Type is the event type without its version, where wildcards may stand
	// for dot-separated tokens: "*" for one, and a final ">" for the rest:
	// "com.example.order.created", "com.example.order.*", "com.example.>".
	// Empty means every type.
	Type string
	// Versions lists the major versions to receive. Empty means all: also
	// versions published in the future, which the handler may not read.
	Versions []int
	// Sources lists the sources to receive. Empty means all.
	Sources []string
}

// Match reports whether the filter's versions and sources take e, whose
// major version is major. Types are matched by the broker.
func (f Filter) Match(e events.Event, major int) bool {
	return (len(f.Versions) == 0 || slices.Contains(f.Versions, major)) &&
		(len(f.Sources) == 0 || slices.Contains(f.Sources, e.Source))
}

// Receiver turns a received event into the event a handler reads: it
// filters by version and source, validates the data against the registry,
// and lifts older versions to the one the handler understands.
type Receiver struct {
	// Filter selects the events; the broker has matched their type.
	Filter Filter
	// Registry, if set, validates every event against the schema of its
	// type, before and after upcasting.
	Registry *schema.Registry
	// Major, if positive, is the major version the handler understands:
	// events of other versions are lifted to it with Upcasters.
	Major int
	// Upcasters lift events to Major.
	Upcasters events.Upcasters
}

// Prepare returns e ready for the handler, or keep=false when the filter
// drops it, or an error when it can never be handled (invalid, not
// liftable): the error then wraps ErrPermanent.
func (r Receiver) Prepare(e events.Event) (_ events.Event, keep bool, err error) {
	defer func() {
		if err != nil {
			err = Permanent(err)
		}
	}()
	if err := e.Validate(); err != nil {
		return e, false, err
	}
	major, _ := e.Major()
	if !r.Filter.Match(e, major) {
		return e, false, nil
	}
	if r.Registry != nil {
		if err := r.Registry.Validate(e); err != nil {
			return e, false, err
		}
	}
	if r.Major > 0 && major != r.Major {
		if e, err = r.Upcasters.Lift(e, r.Major); err != nil {
			return e, false, err
		}
		if r.Registry != nil {
			if err := r.Registry.Stamp(&e); err != nil {
				return e, false, fmt.Errorf("bus: upcast result: %w", err)
			}
		}
	}
	return e, true, nil
}

// Mode is how an event travels in a broker message.
type Mode int

// Content modes of CloudEvents.
const (
	// Structured puts the whole event, attributes and data, into the body in
	// the CloudEvents JSON format (content type
	// application/cloudevents+json). It is the default: the body alone is the
	// event, wherever it is copied.
	Structured Mode = iota
	// Binary puts the attributes into message headers and the data alone
	// into the body, so that brokers and consumers can route and filter on
	// headers without reading the body.
	Binary
)

// ContentTypeStructured is the content type of an event in structured mode
// with the JSON format.
const ContentTypeStructured = "application/cloudevents+json"
