package amqpbus

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

// DefaultExchange is the topic exchange used when an Exchange setting is
// empty.
const DefaultExchange = "events"

// DefaultPublishTimeout bounds a publish and its confirm when
// PublisherSettings.Timeout is zero.
const DefaultPublishTimeout = 10 * time.Second

// HeaderPrefix starts the name of the header of each CloudEvents attribute
// in binary mode.
const HeaderPrefix = "cloudEvents_"

// unroutedTTL is how long the alternate exchange's queue keeps events that
// no binding took.
const unroutedTTL = 7 * 24 * time.Hour

// RoutingKey returns the routing key of events of eventType: the type
// itself, whose last word is the major version.
func RoutingKey(eventType string) string { return eventType }

// UnroutedQueue returns the name of the queue that keeps the events of
// exchange that no subscriber's binding took.
func UnroutedQueue(exchange string) string { return exchange + ".unrouted" }

// DeclareExchange declares the durable topic exchange name and its
// alternate exchange and queue (see UnroutedQueue). It is idempotent.
func DeclareExchange(ctx context.Context, conn *amqp.Connection, name string) error {
	return withChannel(ctx, conn, func(ch *amqp.Channel) error {
		ae := name + ".unrouted"
		if err := ch.ExchangeDeclare(ae, amqp.ExchangeFanout, true, false, false, false, nil); err != nil {
			return err
		}
		if _, err := ch.QueueDeclare(UnroutedQueue(name), true, false, false, false, amqp.Table{
			amqp.QueueTypeArg:       string(rabbitmq.Classic),
			amqp.QueueMessageTTLArg: unroutedTTL.Milliseconds(),
		}); err != nil {
			return err
		}
		if err := ch.QueueBind(UnroutedQueue(name), "", ae, false, nil); err != nil {
			return err
		}
		return ch.ExchangeDeclare(name, amqp.ExchangeTopic, true, false, false, false, amqp.Table{"alternate-exchange": ae})
	})
}

// withChannel runs fn on a channel of its own; ctx closes the channel to end
// a call that hangs.
func withChannel(ctx context.Context, conn *amqp.Connection, fn func(*amqp.Channel) error) error {
	// Opening a channel can block forever on a dead network
	// (rabbitmq/amqp091-go#225): ctx closes the connection to end it.
	stopConn := context.AfterFunc(ctx, func() { _ = conn.Close() })
	ch, err := conn.Channel()
	stopConn()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("amqpbus: open channel: %w", err)
	}
	defer ch.Close()
	stop := context.AfterFunc(ctx, func() { _ = ch.Close() })
	defer stop()
	if err := fn(ch); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("amqpbus: %w", err)
	}
	return nil
}

// PublisherSettings configure a Publisher. The zero value publishes to
// DefaultExchange in structured mode without validating data, waiting
// DefaultPublishTimeout for each confirm.
type PublisherSettings struct {
	// Exchange is the topic exchange. Empty means DefaultExchange.
	Exchange string
	// Registry, if set, validates the data of every event against the
	// schema of its type and sets its dataschema; events of types the
	// registry does not know are rejected.
	Registry *schema.Registry
	// Timeout bounds each publish and its confirm, whatever the caller's
	// context allows. Values of zero or less mean DefaultPublishTimeout.
	Timeout time.Duration
	// Mode is the CloudEvents content mode of the messages. The zero value
	// is bus.Structured.
	Mode bus.Mode
	// Tracing makes a span for every publish and puts the trace context
	// into the message headers.
	Tracing bus.Tracing
}

// Publisher publishes events through a rabbitmq.Publisher, which keeps a
// window of unconfirmed messages and republishes after reconnecting. It
// implements bus.Publisher and outbox.Publisher, and is safe for concurrent
// use.
type Publisher struct {
	pub *rabbitmq.Publisher
	s   PublisherSettings
}

// NewPublisher returns a Publisher that sends through pub. Declare the
// exchange first (DeclareExchange): a publish to a missing exchange fails
// with rabbitmq.ErrExchangeNotFound.
func NewPublisher(pub *rabbitmq.Publisher, s PublisherSettings) *Publisher {
	if s.Exchange == "" {
		s.Exchange = DefaultExchange
	}
	if s.Timeout <= 0 {
		s.Timeout = DefaultPublishTimeout
	}
	return &Publisher{pub: pub, s: s}
}

// Publish validates e and publishes it, returning once the broker confirmed
// it. Invalid events are not published: the error wraps events.ErrInvalid,
// schema.ErrUnknownType or is a *schema.ValidationError. A publish not
// confirmed within the Timeout of the settings (or before ctx ended) fails
// with an error that matches context.DeadlineExceeded (or ctx.Err()); the
// broker may have stored the event all the same, and consumers drop the
// duplicate of a second publish by its key.
func (p *Publisher) Publish(ctx context.Context, e events.Event) (err error) {
	if err := e.Validate(); err != nil {
		return err
	}
	if p.s.Registry != nil {
		if err := p.s.Registry.Stamp(&e); err != nil {
			return err
		}
	}
	key := RoutingKey(e.Type)
	tr := p.s.Tracing
	ctx, span := tr.Start(tr.Producer(ctx, e), "publish "+p.s.Exchange, trace.SpanKindProducer, "rabbitmq", p.s.Exchange, e)
	defer func() { bus.End(span, err) }()
	e = tr.Stamp(ctx, e)
	msg, err := encode(e, p.s.Mode)
	if err != nil {
		return err
	}
	msg.Exchange, msg.RoutingKey = p.s.Exchange, key
	tr.Inject(ctx, tableCarrier(msg.Headers))
	ctx, cancel := context.WithTimeout(ctx, p.s.Timeout)
	defer cancel()
	if err := p.pub.Publish(ctx, msg); err != nil {
		return fmt.Errorf("amqpbus: publish %s %s: %w", e.Type, e.Key(), err)
	}
	return nil
}

// encode returns the message that carries e in mode, without its address.
func encode(e events.Event, mode bus.Mode) (rabbitmq.Message, error) {
	msg := rabbitmq.Message{
		ID:             e.Type + " " + e.Key().String(),
		IdempotencyKey: e.Key().String(),
		Headers:        amqp.Table{},
	}
	if mode == bus.Binary {
		b := e.ToBinary()
		for name, v := range b.Attributes {
			msg.Headers[HeaderPrefix+name] = v
		}
		msg.ContentType, msg.Body = b.ContentType, b.Data
		return msg, nil
	}
	body, err := json.Marshal(e)
	if err != nil {
		return msg, fmt.Errorf("amqpbus: encode %s: %w", e.Key(), err)
	}
	msg.ContentType, msg.Body = bus.ContentTypeStructured, body
	return msg, nil
}

// decode returns the event a delivery carries, in either mode: binary when it
// has a cloudEvents_specversion header, structured otherwise.
func decode(d rabbitmq.Delivery) (events.Event, error) {
	if _, binary := d.Headers[HeaderPrefix+"specversion"]; !binary {
		var e events.Event
		if err := json.Unmarshal(d.Body, &e); err != nil {
			return e, fmt.Errorf("amqpbus: undecodable message %s: %w", d.MessageID, err)
		}
		return e, nil
	}
	b := events.Binary{Attributes: map[string]string{}, ContentType: d.ContentType, Data: d.Body}
	for k, v := range d.Headers {
		if name, ok := strings.CutPrefix(k, HeaderPrefix); ok {
			b.Attributes[name] = headerString(v)
		}
	}
	return events.FromBinary(b)
}

// headerString returns a header value as a string, whatever AMQP type
// another client gave it.
func headerString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case bool:
		return strconv.FormatBool(v)
	default:
		return fmt.Sprint(v)
	}
}

// tableCarrier lets OpenTelemetry propagators read and write AMQP headers.
type tableCarrier amqp.Table

func (t tableCarrier) Get(key string) string {
	if v, ok := t[key]; ok {
		return headerString(v)
	}
	return ""
}
func (t tableCarrier) Set(key, value string) { t[key] = value }
func (t tableCarrier) Keys() []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	return keys
}
