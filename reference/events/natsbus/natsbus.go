package natsbus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
)

// DefaultPrefix is the first subject token used when a Prefix is empty.
const DefaultPrefix = "events"

// DefaultPublishTimeout is how long Publisher.Publish waits for JetStream's
// acknowledgement when PublisherSettings.Timeout is zero. It is nats.go's
// own default, which nats.go applies only to contexts without a deadline.
const DefaultPublishTimeout = 5 * time.Second

// Subject returns the subject that events of eventType are published on.
func Subject(prefix, eventType string) string {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return prefix + "." + eventType
}

// EnsureStream creates the JetStream stream name that stores every subject
// under prefix, or updates it to do so, with a duplicate window of
// duplicates (zero means JetStream's default of two minutes).
func EnsureStream(ctx context.Context, js jetstream.JetStream, name, prefix string, duplicates time.Duration) (jetstream.Stream, error) {
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       name,
		Subjects:   []string{Subject(prefix, ">")},
		Storage:    jetstream.FileStorage,
		Duplicates: duplicates,
	})
	if err != nil {
		return nil, fmt.Errorf("natsbus: stream %s: %w", name, err)
	}
	return st, nil
}

// Publisher publishes events to JetStream. It is safe for concurrent use.
type Publisher struct {
	js       jetstream.JetStream
	prefix   string
	registry *schema.Registry
	timeout  time.Duration
}

// PublisherSettings configure a Publisher. The zero value publishes under
// DefaultPrefix without validating data, waiting DefaultPublishTimeout for
// each acknowledgement.
type PublisherSettings struct {
	// Prefix is the first subject token. Empty means DefaultPrefix.
	Prefix string
	// Registry, if set, validates the data of every event against the
	// schema of its type and sets its dataschema; events of types the
	// registry does not know are rejected.
	Registry *schema.Registry
	// Timeout bounds each publish, whatever the caller's context allows: an
	// acknowledgement lost with the connection makes the publish fail after
	// Timeout instead of waiting for the caller's deadline. Values of zero or
	// less mean DefaultPublishTimeout.
	Timeout time.Duration
}

// NewPublisher returns a Publisher on js.
func NewPublisher(js jetstream.JetStream, s PublisherSettings) *Publisher {
	if s.Timeout <= 0 {
		s.Timeout = DefaultPublishTimeout
	}
	return &Publisher{js: js, prefix: s.Prefix, registry: s.Registry, timeout: s.Timeout}
}

// Publish validates e and publishes it, returning once JetStream has stored
// it. Invalid events are not published: the error wraps events.ErrInvalid,
// schema.ErrUnknownType or is a *schema.ValidationError. A publish that got
// no acknowledgement within the Timeout of the settings (or before ctx
// ended) fails with an error that matches context.DeadlineExceeded (or
// ctx.Err()); JetStream may have stored the event all the same, and a
// second publish of it within the stream's duplicate window is dropped.
func (p *Publisher) Publish(ctx context.Context, e events.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if p.registry != nil {
		if err := p.registry.Stamp(&e); err != nil {
			return err
		}
	}
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("natsbus: encode %s: %w", e.Key(), err)
	}
	msg := nats.NewMsg(Subject(p.prefix, e.Type))
	msg.Data = body
	msg.Header.Set("Content-Type", "application/cloudevents+json")
	// nats.go waits for the acknowledgement until ctx's deadline when ctx has
	// one, and only otherwise for its own default: set a deadline always.
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	if _, err := p.js.PublishMsg(ctx, msg, jetstream.WithMsgID(e.Type+" "+e.Key().String())); err != nil {
		return fmt.Errorf("natsbus: publish %s %s: %w", e.Type, e.Key(), err)
	}
	return nil
}

// Filter selects the events a subscriber receives.
type Filter struct {
	// Type is the event type without its version, where NATS wildcards may
	// stand for tokens: "com.example.order.created", "com.example.order.*",
	// "com.example.>". Empty means every type.
	Type string
	// Versions lists the major versions to receive. Empty means all.
	Versions []int
	// Sources lists the sources to receive. Empty means all.
	Sources []string
}

// subject returns the consumer's filter subject: one version goes into the
// subject, several are checked after receipt.
func (f Filter) subject(prefix string) string {
	t := f.Type
	switch {
	case t == "":
		return Subject(prefix, ">")
	case len(t) > 0 && t[len(t)-1] == '>':
		return Subject(prefix, t)
	case len(f.Versions) == 1:
		return Subject(prefix, t+".v"+strconv.Itoa(f.Versions[0]))
	default:
		return Subject(prefix, t+".*")
	}
}

func (f Filter) match(e events.Event, major int) bool {
	return (len(f.Versions) == 0 || slices.Contains(f.Versions, major)) &&
		(len(f.Sources) == 0 || slices.Contains(f.Sources, e.Source))
}

// SubscriberSettings configure a Subscriber.
type SubscriberSettings struct {
	// Stream is the JetStream stream to read. Required.
	Stream string
	// Durable is the name of the durable consumer, which keeps the
	// subscriber's position across restarts and is shared by its instances.
	// Required.
	Durable string
	// Prefix is the first subject token. Empty means DefaultPrefix.
	Prefix string
	// Filter selects the events to handle.
	Filter Filter
	// Registry, if set, validates every received event against the schema
	// of its type, before and after upcasting.
	Registry *schema.Registry
	// Major, if positive, is the major version the handler understands:
	// events of other versions are lifted to it with Upcasters.
	Major int
	// Upcasters lift events to Major.
	Upcasters events.Upcasters
	// AckWait is how long JetStream waits for the handler before it
	// redelivers. Zero means JetStream's default (30 s).
	AckWait time.Duration
	// OnError, if set, is called with every event that was terminated
	// because it can never be handled (undecodable, invalid, not liftable)
	// and with handler errors. It must be safe for concurrent use.
	OnError func(error)
}

// Handler handles one event. A nil error acknowledges the event; an error
// makes JetStream deliver it again.
type Handler func(ctx context.Context, e events.Event) error

// Subscriber delivers the events of a durable JetStream consumer to a
// handler.
type Subscriber struct {
	s       SubscriberSettings
	handler Handler
	cc      jetstream.ConsumeContext
}

// ErrSettings is wrapped by the error of Subscribe for missing settings.
var ErrSettings = errors.New("natsbus: invalid subscriber settings")

// Subscribe creates or updates the durable consumer and starts delivering
// its events to h, one at a time, until Stop. ctx bounds the setup and is
// passed to h.
func Subscribe(ctx context.Context, js jetstream.JetStream, s SubscriberSettings, h Handler) (*Subscriber, error) {
	if s.Stream == "" || s.Durable == "" {
		return nil, fmt.Errorf("%w: Stream and Durable are required", ErrSettings)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, s.Stream, jetstream.ConsumerConfig{
		Durable:       s.Durable,
		FilterSubject: s.Filter.subject(s.Prefix),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       s.AckWait,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("natsbus: consumer %s on %s: %w", s.Durable, s.Stream, err)
	}
	sub := &Subscriber{s: s, handler: h}
	sub.cc, err = cons.Consume(func(m jetstream.Msg) { sub.deliver(ctx, m) })
	if err != nil {
		return nil, fmt.Errorf("natsbus: consume %s: %w", s.Durable, err)
	}
	return sub, nil
}

// Stop stops receiving, lets the handler finish the events already
// received, and returns when it has.
func (s *Subscriber) Stop() {
	s.cc.Drain()
	<-s.cc.Closed()
}

// deliver decodes, filters, validates, lifts and handles one message.
func (s *Subscriber) deliver(ctx context.Context, m jetstream.Msg) {
	e, keep, err := s.prepare(m.Data())
	switch {
	case err != nil:
		s.report(err)
		_ = m.Term()
	case !keep:
		_ = m.Ack()
	default:
		if err := s.handler(ctx, e); err != nil {
			s.report(fmt.Errorf("natsbus: handle %s %s: %w", e.Type, e.Key(), err))
			_ = m.Nak()
			return
		}
		_ = m.Ack()
	}
}

// prepare returns the event ready for the handler, or keep=false when the
// filter drops it, or an error when it can never be handled.
func (s *Subscriber) prepare(data []byte) (e events.Event, keep bool, err error) {
	if err := json.Unmarshal(data, &e); err != nil {
		return e, false, fmt.Errorf("natsbus: undecodable message: %w", err)
	}
	if err := e.Validate(); err != nil {
		return e, false, err
	}
	major, _ := e.Major()
	if !s.s.Filter.match(e, major) {
		return e, false, nil
	}
	if s.s.Registry != nil {
		if err := s.s.Registry.Validate(e); err != nil {
			return e, false, err
		}
	}
	if s.s.Major > 0 && major != s.s.Major {
		if e, err = s.s.Upcasters.Lift(e, s.s.Major); err != nil {
			return e, false, err
		}
		if s.s.Registry != nil {
			if err := s.s.Registry.Stamp(&e); err != nil {
				return e, false, fmt.Errorf("natsbus: upcast result: %w", err)
			}
		}
	}
	return e, true, nil
}

func (s *Subscriber) report(err error) {
	if s.s.OnError != nil {
		s.s.OnError(err)
	}
}
