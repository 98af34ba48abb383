package natsbus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
)

// DefaultPrefix is the first subject token used when a Prefix is empty.
const DefaultPrefix = "events"

// DefaultPublishTimeout is how long Publisher.Publish waits for JetStream's
// acknowledgement when PublisherSettings.Timeout is zero. It is nats.go's
// own default, which nats.go applies only to contexts without a deadline.
const DefaultPublishTimeout = 5 * time.Second

// Header names. Binary mode writes each CloudEvents attribute into a header
// named HeaderPrefix and the attribute's name, and the data content type into
// HeaderContentType, as the CloudEvents NATS protocol binding says.
const (
	HeaderPrefix      = "ce-"
	HeaderContentType = "content-type"
)

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
	mode     bus.Mode
	tracing  bus.Tracing
}

// PublisherSettings configure a Publisher. The zero value publishes under
// DefaultPrefix in structured mode without validating data, waiting
// DefaultPublishTimeout for each acknowledgement.
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
	// Mode is the CloudEvents content mode of the messages. The zero value
	// is bus.Structured.
	Mode bus.Mode
	// Tracing makes a span for every publish and puts the trace context
	// into the message headers (traceparent, tracestate).
	Tracing bus.Tracing
}

// NewPublisher returns a Publisher on js.
func NewPublisher(js jetstream.JetStream, s PublisherSettings) *Publisher {
	if s.Timeout <= 0 {
		s.Timeout = DefaultPublishTimeout
	}
	return &Publisher{js: js, prefix: s.Prefix, registry: s.Registry, timeout: s.Timeout, mode: s.Mode, tracing: s.Tracing}
}

// Publish validates e and publishes it, returning once JetStream has stored
// it. Invalid events are not published: the error wraps events.ErrInvalid,
// schema.ErrUnknownType or is a *schema.ValidationError. A publish that got
// no acknowledgement within the Timeout of the settings (or before ctx
// ended) fails with an error that matches context.DeadlineExceeded (or
// ctx.Err()); JetStream may have stored the event all the same, and a
// second publish of it within the stream's duplicate window is dropped.
func (p *Publisher) Publish(ctx context.Context, e events.Event) (err error) {
	if err := e.Validate(); err != nil {
		return err
	}
	if p.registry != nil {
		if err := p.registry.Stamp(&e); err != nil {
			return err
		}
	}
	subject := Subject(p.prefix, e.Type)
	ctx, span := p.tracing.Start(p.tracing.Producer(ctx, e), "publish "+subject, trace.SpanKindProducer, "nats", subject, e)
	defer func() { bus.End(span, err) }()
	e = p.tracing.Stamp(ctx, e)
	msg, err := encode(subject, e, p.mode)
	if err != nil {
		return err
	}
	p.tracing.Inject(ctx, headerCarrier(msg.Header))
	// nats.go waits for the acknowledgement until ctx's deadline when ctx has
	// one, and only otherwise for its own default: set a deadline always.
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	if _, err := p.js.PublishMsg(ctx, msg, jetstream.WithMsgID(e.Type+" "+e.Key().String())); err != nil {
		return fmt.Errorf("natsbus: publish %s %s: %w", e.Type, e.Key(), err)
	}
	return nil
}

// encode returns the message that carries e in mode.
func encode(subject string, e events.Event, mode bus.Mode) (*nats.Msg, error) {
	msg := nats.NewMsg(subject)
	if mode == bus.Binary {
		b := e.ToBinary()
		for name, v := range b.Attributes {
			msg.Header.Set(HeaderPrefix+name, v)
		}
		if b.ContentType != "" {
			msg.Header.Set(HeaderContentType, b.ContentType)
		}
		msg.Data = b.Data
		return msg, nil
	}
	body, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("natsbus: encode %s: %w", e.Key(), err)
	}
	msg.Header.Set(HeaderContentType, bus.ContentTypeStructured)
	msg.Data = body
	return msg, nil
}

// decode returns the event a message carries, in either mode: binary when it
// has a ce-specversion header, structured otherwise.
func decode(h nats.Header, data []byte) (events.Event, error) {
	if h.Get(HeaderPrefix+"specversion") == "" {
		var e events.Event
		if err := json.Unmarshal(data, &e); err != nil {
			return e, fmt.Errorf("natsbus: undecodable message: %w", err)
		}
		return e, nil
	}
	b := events.Binary{Attributes: map[string]string{}, ContentType: h.Get(HeaderContentType), Data: data}
	for k, v := range h {
		if name, ok := strings.CutPrefix(k, HeaderPrefix); ok && len(v) > 0 {
			b.Attributes[name] = v[0]
		}
	}
	return events.FromBinary(b)
}

// headerCarrier lets OpenTelemetry propagators read and write NATS headers,
// whose names are case-sensitive: they are written in lower case, as the
// W3C Trace Context names them.
type headerCarrier nats.Header

func (h headerCarrier) Get(key string) string { return nats.Header(h).Get(key) }
func (h headerCarrier) Set(key, value string) { nats.Header(h).Set(key, value) }
func (h headerCarrier) Keys() []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	return keys
}

// Filter selects the events a subscriber receives; see bus.Filter. Type
// patterns use NATS wildcards directly.
type Filter = bus.Filter

// subject returns the consumer's filter subject: one version goes into the
// subject, several are checked after receipt.
func subject(f Filter, prefix string) string {
	t := f.Type
	switch {
	case t == "":
		return Subject(prefix, ">")
	case strings.HasSuffix(t, ">"):
		return Subject(prefix, t)
	case len(f.Versions) == 1:
		return Subject(prefix, t+".v"+strconv.Itoa(f.Versions[0]))
	default:
		return Subject(prefix, t+".*")
	}
}

// Start says where a new durable consumer begins.
type Start int

const (
	// StartNew delivers the events published after the consumer was
	// created. It is the default: a new subscriber reacts to what happens
	// from now on, and does not act again on the stream's history.
	StartNew Start = iota
	// StartAll delivers every event the stream holds, then the new ones: a
	// deliberate replay, for example to build a new read model.
	StartAll
)

// Defaults of SubscriberSettings.
const (
	DefaultAckWait     = 30 * time.Second
	DefaultConcurrency = 1
)

// SubscriberSettings configure a Subscriber. Zero values mean the
// documented defaults.
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
	// Start says where a durable consumer begins when Subscribe creates it;
	// the zero value is StartNew. An existing durable consumer keeps its
	// position (and its original start policy).
	Start Start
	// Concurrency is how many events are handled at once by this instance.
	// JetStream's MaxAckPending and the pull batch are set to it, so no
	// more events wait unacknowledged than handlers can take. Zero means
	// DefaultConcurrency (1).
	Concurrency int
	// AckWait is how long JetStream waits for an acknowledgement before it
	// delivers an event again. While a handler runs, the subscriber tells
	// JetStream it is still working (InProgress) every third of AckWait, so
	// a long handler is not given the same event in parallel; AckWait only
	// matters when the process dies or hangs. Zero means DefaultAckWait.
	AckWait time.Duration
	// RetryDelays are the delays before attempts 2, 3, … of an event whose
	// handler failed; the event is tried len(RetryDelays)+1 times (the
	// consumer's MaxDeliver) and then dead-lettered. Nil means
	// bus.DefaultRetryDelays (five attempts over about 11 minutes); an
	// empty, non-nil slice means no retries.
	RetryDelays []time.Duration
	// Tracing makes a span for every handled event, a child of the
	// publish's span.
	Tracing bus.Tracing
	// OnError, if set, is called with every handler error, every event sent
	// to the dead letters, and every failure to settle an event. It must be
	// safe for concurrent use.
	OnError func(error)
}

// Handler handles one event; see bus.Handler. A nil error acknowledges the
// event, an error makes JetStream deliver it again after the next of the
// RetryDelays, and an error wrapped by bus.Permanent dead-letters it.
type Handler = bus.Handler

// ErrSettings is wrapped by the error of Subscribe for missing settings.
var ErrSettings = errors.New("natsbus: invalid subscriber settings")

// Subscriber subscribes handlers to a durable JetStream consumer. It
// implements bus.Subscriber.
type Subscriber struct {
	js jetstream.JetStream
	s  SubscriberSettings
}

// NewSubscriber returns a Subscriber of js with settings s.
func NewSubscriber(js jetstream.JetStream, s SubscriberSettings) *Subscriber {
	return &Subscriber{js: js, s: s}
}

// Subscribe implements bus.Subscriber; see the function Subscribe.
func (s *Subscriber) Subscribe(ctx context.Context, h bus.Handler) (bus.Subscription, error) {
	return Subscribe(ctx, s.js, s.s, h)
}
