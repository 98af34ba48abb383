package amqpbus

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

// ErrSettings is wrapped by the error of Subscribe for missing settings.
var ErrSettings = errors.New("amqpbus: invalid subscriber settings")

// SubscriberSettings configure a Subscriber. Zero values mean the
// documented defaults.
type SubscriberSettings struct {
	// URL is the broker's URL. Required.
	URL string
	// Exchange is the topic exchange. Empty means DefaultExchange.
	Exchange string
	// Queue is the subscriber's queue, named after the consuming service and
	// shared by its instances; it keeps the events while they are down.
	// Required.
	Queue string
	// Filter selects the events to handle. Its type patterns use "*" for one
	// word and a final ">" for the rest, as on NATS; the bindings use
	// RabbitMQ's "*" and "#". Narrowing a filter adds the new bindings but
	// does not remove the old ones: unbind those by hand.
	Filter bus.Filter
	// Registry, if set, validates every received event against the schema
	// of its type, before and after upcasting.
	Registry *schema.Registry
	// Major, if positive, is the major version the handler understands:
	// events of other versions are lifted to it with Upcasters.
	Major int
	// Upcasters lift events to Major.
	Upcasters events.Upcasters
	// Concurrency is how many events are handled at once by this instance;
	// the prefetch is twice that. Zero means 1.
	Concurrency int
	// RetryDelays are the delays before attempts 2, 3, … of an event whose
	// handler failed, held by one retry queue each; after the last attempt
	// the event goes to the dead-letter queue. Nil means
	// bus.DefaultRetryDelays; an empty, non-nil slice means no retries.
	RetryDelays []time.Duration
	// QueueType and DeliveryLimit are passed to rabbitmq.Topology (quorum
	// queues with a delivery limit of 20 by default).
	QueueType     rabbitmq.QueueType
	DeliveryLimit int
	// ShutdownTimeout bounds how long the consumer waits for running
	// handlers once Stop was called. Zero means 30 s.
	ShutdownTimeout time.Duration
	// Tracing makes a span for every handled event, a child of the
	// publish's span.
	Tracing bus.Tracing
	// OnError, if set, is called with every error the consumer recovers
	// from, every handler error and every event sent to the dead-letter
	// queue. It must be safe for concurrent use.
	OnError func(error)
}

// Subscriber subscribes handlers to a queue bound to the events exchange. It
// implements bus.Subscriber.
type Subscriber struct {
	s SubscriberSettings
}

// NewSubscriber returns a Subscriber with settings s.
func NewSubscriber(s SubscriberSettings) *Subscriber { return &Subscriber{s: s} }

// Topology returns the message-queue topology of the subscriber's queue:
// its retry queues and dead-letter queue.
func (s *Subscriber) Topology() rabbitmq.Topology {
	delays := bus.Delays(s.s.RetryDelays)
	return rabbitmq.Topology{Queue: s.s.Queue, Type: s.s.QueueType, RetryDelays: delays, DeliveryLimit: s.s.DeliveryLimit}
}

// BindingKeys returns the routing keys that the queue of a subscriber with
// filter f is bound with.
func BindingKeys(f bus.Filter) []string {
	t := f.Type
	switch {
	case t == "" || t == ">":
		return []string{"#"}
	case strings.HasSuffix(t, ".>"):
		return []string{strings.TrimSuffix(t, ">") + "#"}
	case len(f.Versions) == 0:
		return []string{t + ".*"}
	}
	keys := make([]string, len(f.Versions))
	for i, v := range f.Versions {
		keys[i] = t + ".v" + strconv.Itoa(v)
	}
	return keys
}

// Subscribe declares the exchange, the subscriber's queue with its retry and
// dead-letter queues, and the bindings of its filter, then starts a
// rabbitmq.Consumer that delivers events to h until Stop. ctx bounds the
// setup only. Events published after Subscribe returned reach the queue.
func (s *Subscriber) Subscribe(ctx context.Context, h bus.Handler) (bus.Subscription, error) {
	if s.s.URL == "" || s.s.Queue == "" {
		return nil, fmt.Errorf("%w: URL and Queue are required", ErrSettings)
	}
	exchange := s.s.Exchange
	if exchange == "" {
		exchange = DefaultExchange
	}
	topo := s.Topology()
	conn, err := rabbitmq.Dial(ctx, s.s.URL, s.s.Queue+"-setup")
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := DeclareExchange(ctx, conn, exchange); err != nil {
		return nil, err
	}
	if err := topo.Declare(ctx, conn); err != nil {
		return nil, err
	}
	err = withChannel(ctx, conn, func(ch *amqp.Channel) error {
		for _, key := range BindingKeys(s.s.Filter) {
			if err := ch.QueueBind(topo.Queue, key, exchange, false, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	sub := &Subscription{s: s.s, h: h, done: make(chan struct{}),
		rec: bus.Receiver{Filter: s.s.Filter, Registry: s.s.Registry, Major: s.s.Major, Upcasters: s.s.Upcasters}}
	cons := rabbitmq.NewConsumer(s.s.URL, topo, sub.handle, rabbitmq.ConsumerSettings{
		Concurrency:     s.s.Concurrency,
		ShutdownTimeout: s.s.ShutdownTimeout,
		Name:            s.s.Queue,
		OnError:         s.s.OnError,
	})
	life, cancel := context.WithCancel(context.WithoutCancel(ctx))
	sub.cancel = cancel
	go func() {
		defer close(sub.done)
		sub.err = cons.Run(life)
	}()
	return sub, nil
}

// Subscription is a running subscription; it implements bus.Subscription.
type Subscription struct {
	s      SubscriberSettings
	h      bus.Handler
	rec    bus.Receiver
	cancel context.CancelFunc
	done   chan struct{}
	err    error // of the consumer's Run, set before done is closed
}

// Stop stops the consumer: it stops intake and waits for running handlers up
// to ShutdownTimeout, their events settled as usual. Stop returns the
// consumer's error (one matching mq.ErrShutdownTimeout when handlers
// overran), or an error matching ctx.Err() when ctx ends first; the
// consumer then goes on shutting down in the background.
func (s *Subscription) Stop(ctx context.Context) error {
	s.cancel()
	select {
	case <-s.done:
		return s.err
	case <-ctx.Done():
		return fmt.Errorf("amqpbus: stop %s: %w", s.s.Queue, ctx.Err())
	}
}

// handle is the rabbitmq.Handler: it decodes, filters, validates and lifts
// the event, runs h in a span that continues the publish's trace, and maps
// permanent failures to mq.Poison (the dead-letter queue at once).
func (s *Subscription) handle(ctx context.Context, d rabbitmq.Delivery) (err error) {
	e, err := decode(d)
	if err != nil {
		s.report(err)
		return mq.Poison(err)
	}
	e, keep, err := s.rec.Prepare(e)
	if err != nil {
		s.report(err)
		return mq.Poison(err)
	}
	if !keep {
		return nil
	}
	tr := s.s.Tracing
	ctx = tr.Consumer(ctx, tableCarrier(d.Headers), e)
	ctx, span := tr.Start(ctx, "process "+s.s.Queue, trace.SpanKindConsumer, "rabbitmq", s.s.Queue, e)
	defer func() { bus.End(span, err) }()
	if err := s.h(ctx, e); err != nil {
		err = fmt.Errorf("amqpbus: handle %s %s (attempt %d): %w", e.Type, e.Key(), d.Attempt, err)
		s.report(err)
		if errors.Is(err, bus.ErrPermanent) {
			return mq.Poison(err)
		}
		return err
	}
	return nil
}

func (s *Subscription) report(err error) {
	if s.s.OnError != nil {
		s.s.OnError(err)
	}
}
