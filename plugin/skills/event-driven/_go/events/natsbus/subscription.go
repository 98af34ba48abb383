package natsbus

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
)

// Headers of a dead letter, beside the original message's headers.
const (
	HeaderDeadLetterReason   = "Natsbus-Reason"     // the error that sent the event there
	HeaderDeadLetterSubject  = "Natsbus-Subject"    // the subject it was published on
	HeaderDeadLetterSequence = "Natsbus-Stream-Seq" // its sequence in the stream
	HeaderDeadLetterDelivery = "Natsbus-Deliveries" // how often it was delivered
	HeaderDeadLetterConsumer = "Natsbus-Consumer"   // the durable consumer that gave up
)

// maxReason bounds the size of HeaderDeadLetterReason.
const maxReason = 1024

// DeadLetterStream returns the name of the stream that holds the dead
// letters of the consumers of stream: stream + "_DLQ".
func DeadLetterStream(stream string) string { return stream + "_DLQ" }

// DeadLetterSubject returns the subject that durable's dead letters are
// published on; DeadLetterStream(stream) stores it.
func DeadLetterSubject(stream, durable string) string {
	return "deadletter." + stream + "." + durable
}

// EnsureDeadLetterStream creates the dead-letter stream of stream unless it
// exists. Subscribe calls it.
func EnsureDeadLetterStream(ctx context.Context, js jetstream.JetStream, stream string) error {
	_, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name:     DeadLetterStream(stream),
		Subjects: []string{"deadletter." + stream + ".>"},
		Storage:  jetstream.FileStorage,
	})
	if err != nil && !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
		return fmt.Errorf("natsbus: dead-letter stream of %s: %w", stream, err)
	}
	return nil
}

// Subscription is a running subscription; it implements bus.Subscription.
type Subscription struct {
	js      jetstream.JetStream
	s       SubscriberSettings
	handler Handler
	rec     bus.Receiver
	delays  []time.Duration
	cc      jetstream.ConsumeContext

	life   context.Context // the handlers' context
	cancel context.CancelFunc
	slots  chan struct{} // one token per running handler

	mu      sync.Mutex // guards stopped and the additions to wg
	stopped bool
	wg      sync.WaitGroup
}

// Subscribe creates or updates the durable consumer and the dead-letter
// stream, and starts delivering events to h until Stop. ctx bounds the
// setup only: handlers get a context of the subscription's own, which keeps
// ctx's values and ends when Stop gives up waiting for them.
//
// The consumer is configured from s: MaxDeliver is len(RetryDelays)+1,
// MaxAckPending and the pull batch are Concurrency, and a new consumer
// starts as s.Start says. A failed event is negatively acknowledged with the
// delay of its attempt (NakWithDelay), never at once; after its last attempt,
// or at once when it can never be handled, it is published to
// DeadLetterSubject with the reason in its headers and terminated.
func Subscribe(ctx context.Context, js jetstream.JetStream, s SubscriberSettings, h Handler) (*Subscription, error) {
	if s.Stream == "" || s.Durable == "" {
		return nil, fmt.Errorf("%w: Stream and Durable are required", ErrSettings)
	}
	if s.Concurrency <= 0 {
		s.Concurrency = DefaultConcurrency
	}
	if s.AckWait <= 0 {
		s.AckWait = DefaultAckWait
	}
	delays := bus.Delays(s.RetryDelays)
	if err := EnsureDeadLetterStream(ctx, js, s.Stream); err != nil {
		return nil, err
	}
	cfg := jetstream.ConsumerConfig{
		Durable:       s.Durable,
		FilterSubject: subject(s.Filter, s.Prefix),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       s.AckWait,
		MaxDeliver:    len(delays) + 1,
		MaxAckPending: s.Concurrency,
		DeliverPolicy: jetstream.DeliverNewPolicy,
	}
	if s.Start == StartAll {
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	}
	// JetStream refuses to change where an existing consumer started.
	switch existing, err := js.Consumer(ctx, s.Stream, s.Durable); {
	case err == nil:
		old := existing.CachedInfo().Config
		cfg.DeliverPolicy, cfg.OptStartSeq, cfg.OptStartTime = old.DeliverPolicy, old.OptStartSeq, old.OptStartTime
	case !errors.Is(err, jetstream.ErrConsumerNotFound):
		return nil, fmt.Errorf("natsbus: consumer %s on %s: %w", s.Durable, s.Stream, err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, s.Stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("natsbus: consumer %s on %s: %w", s.Durable, s.Stream, err)
	}
	life, cancel := context.WithCancel(context.WithoutCancel(ctx))
	sub := &Subscription{
		js: js, s: s, handler: h, delays: delays,
		rec:  bus.Receiver{Filter: s.Filter, Registry: s.Registry, Major: s.Major, Upcasters: s.Upcasters},
		life: life, cancel: cancel,
		slots: make(chan struct{}, s.Concurrency),
	}
	sub.cc, err = cons.Consume(sub.dispatch, jetstream.PullMaxMessages(s.Concurrency))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("natsbus: consume %s: %w", s.Durable, err)
	}
	return sub, nil
}

// Stop stops receiving and waits until the running handlers have finished
// and their events are settled, or until ctx ends: then it cancels the
// handlers' context, leaves their events to JetStream to deliver again after
// AckWait, and returns an error that matches ctx.Err(). Events received but
// not yet handed to a handler are delivered again after AckWait.
func (s *Subscription) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.stopped {
		s.stopped = true
		s.cc.Stop()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel()
		return fmt.Errorf("natsbus: stop %s: handlers still running: %w", s.s.Durable, ctx.Err())
	}
}

// dispatch runs in nats.go's delivery goroutine: it waits for a free handler
// slot and handles m in a goroutine of its own. MaxAckPending equals the
// number of slots, so it waits only briefly.
func (s *Subscription) dispatch(m jetstream.Msg) {
	select {
	case s.slots <- struct{}{}:
	case <-s.life.Done():
		return // JetStream delivers it again after AckWait
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		<-s.slots
		return // JetStream delivers it again after AckWait
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() { <-s.slots }()
		s.deliver(m)
	}()
}

// deliver decodes, filters, validates, lifts and handles one message, and
// settles it.
func (s *Subscription) deliver(m jetstream.Msg) {
	meta, err := m.Metadata()
	if err != nil {
		s.report(fmt.Errorf("natsbus: message without metadata: %w", err))
		_ = m.Term()
		return
	}
	e, err := decode(m.Headers(), m.Data())
	if err != nil {
		s.deadLetter(m, meta, bus.Permanent(err))
		return
	}
	e, keep, err := s.rec.Prepare(e)
	switch {
	case err != nil:
		s.deadLetter(m, meta, err)
		return
	case !keep:
		s.settle(m, m.Ack())
		return
	}
	stop := s.keepAlive(m)
	err = s.handle(m, e)
	stop()
	switch {
	case err == nil:
		s.settle(m, m.Ack())
	case s.life.Err() != nil:
		// Stop gave up on the handler, which says nothing about the event.
		s.settle(m, m.Nak())
	case errors.Is(err, bus.ErrPermanent) || int(meta.NumDelivered) > len(s.delays):
		s.deadLetter(m, meta, fmt.Errorf("natsbus: handle %s %s (delivery %d): %w", e.Type, e.Key(), meta.NumDelivered, err))
	default:
		s.report(fmt.Errorf("natsbus: handle %s %s (delivery %d): %w", e.Type, e.Key(), meta.NumDelivered, err))
		s.settle(m, m.NakWithDelay(s.delays[meta.NumDelivered-1]))
	}
}

// handle runs the handler in a span that continues the publish's trace.
func (s *Subscription) handle(m jetstream.Msg, e events.Event) (err error) {
	ctx := s.s.Tracing.Consumer(s.life, headerCarrier(m.Headers()), e)
	ctx, span := s.s.Tracing.Start(ctx, "process "+m.Subject(), trace.SpanKindConsumer, "nats", m.Subject(), e)
	defer func() { bus.End(span, err) }()
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("natsbus: handler panicked: %v", v)
		}
	}()
	return s.handler(ctx, e)
}

// keepAlive tells JetStream every third of AckWait that m is still being
// worked on, until the returned function is called.
func (s *Subscription) keepAlive(m jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(max(s.s.AckWait/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = m.InProgress()
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// deadLetter publishes a copy of m to the dead-letter subject with the
// reason, and then terminates m. The publish is retried with the retry
// delays' backoff (telling JetStream meanwhile that m is in progress) until
// it succeeds or the subscription is stopped; m is never lost.
func (s *Subscription) deadLetter(m jetstream.Msg, meta *jetstream.MsgMetadata, reason error) {
	s.report(fmt.Errorf("natsbus: dead-lettered: %w", reason))
	dl := nats.NewMsg(DeadLetterSubject(s.s.Stream, s.s.Durable))
	for k, v := range m.Headers() {
		dl.Header[k] = v
	}
	text := reason.Error()
	if len(text) > maxReason {
		text = text[:maxReason]
	}
	dl.Header.Set(HeaderDeadLetterReason, text)
	dl.Header.Set(HeaderDeadLetterSubject, m.Subject())
	dl.Header.Set(HeaderDeadLetterSequence, strconv.FormatUint(meta.Sequence.Stream, 10))
	dl.Header.Set(HeaderDeadLetterDelivery, strconv.FormatUint(meta.NumDelivered, 10))
	dl.Header.Set(HeaderDeadLetterConsumer, s.s.Durable)
	dl.Data = m.Data()
	stop := s.keepAlive(m)
	defer stop()
	id := jetstream.WithMsgID(s.s.Durable + " " + strconv.FormatUint(meta.Sequence.Stream, 10))
	for n := 0; ; n++ {
		ctx, cancel := context.WithTimeout(s.life, DefaultPublishTimeout)
		_, err := s.js.PublishMsg(ctx, dl, id)
		cancel()
		if err == nil {
			s.settle(m, m.Term())
			return
		}
		s.report(fmt.Errorf("natsbus: publish dead letter of stream sequence %d: %w", meta.Sequence.Stream, err))
		delay := time.Second
		if len(s.delays) > 0 {
			delay = s.delays[min(n, len(s.delays)-1)]
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-s.life.Done():
			t.Stop()
			return // JetStream delivers m again after AckWait
		}
	}
}

// settle reports a failed acknowledgement: the event then comes again.
func (s *Subscription) settle(m jetstream.Msg, err error) {
	if err != nil {
		s.report(fmt.Errorf("natsbus: settle message on %s: %w", m.Subject(), err))
	}
}

func (s *Subscription) report(err error) {
	if s.s.OnError != nil {
		s.s.OnError(err)
	}
}
