package bus

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/events"
)

// TracerName is the instrumentation name of the spans of the events
// packages.
const TracerName = "github.com/skillcheck-dev/skillcheck/reference/events"

// Tracing says how events carry trace context and which spans they make.
// The zero value uses the W3C Trace Context propagator (traceparent and
// tracestate) and the global OpenTelemetry tracer provider, which makes no
// spans until the application installs one.
type Tracing struct {
	// Provider makes the spans. Nil means otel.GetTracerProvider().
	Provider trace.TracerProvider
	// Propagator reads and writes trace context in headers and extension
	// attributes. Nil means propagation.TraceContext{}.
	Propagator propagation.TextMapPropagator
}

func (t Tracing) tracer() trace.Tracer {
	p := t.Provider
	if p == nil {
		p = otel.GetTracerProvider()
	}
	return p.Tracer(TracerName)
}

func (t Tracing) propagator() propagation.TextMapPropagator {
	if t.Propagator == nil {
		return propagation.TraceContext{}
	}
	return t.Propagator
}

// Stamp returns e with the trace context of ctx in its traceparent and
// tracestate extensions, unless e already has a traceparent: the extension
// names the operation that produced the event, and relays and brokers keep
// it as it is.
func (t Tracing) Stamp(ctx context.Context, e events.Event) events.Event {
	if e.Extension(events.ExtTraceParent) != "" {
		return e
	}
	c := propagation.MapCarrier{}
	t.propagator().Inject(ctx, c)
	for _, name := range []string{events.ExtTraceParent, events.ExtTraceState} {
		if v := c[name]; v != "" {
			e = e.WithExtension(name, v)
		}
	}
	return e
}

// Producer returns ctx with the trace context of e's extensions, when ctx
// has none of its own: a relay publishes an event in the trace of the
// operation that produced it.
func (t Tracing) Producer(ctx context.Context, e events.Event) context.Context {
	if trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	return t.propagator().Extract(ctx, propagation.MapCarrier(e.Extensions))
}

// Start starts a span named name of kind kind about e, for system (such as
// "nats" or "rabbitmq") and destination (a subject, an exchange, a table).
// End it with End.
func (t Tracing) Start(ctx context.Context, name string, kind trace.SpanKind, system, destination string, e events.Event) (context.Context, trace.Span) {
	return t.tracer().Start(ctx, name, trace.WithSpanKind(kind), trace.WithAttributes(
		attribute.String("messaging.system", system),
		attribute.String("messaging.destination.name", destination),
		attribute.String("messaging.message.id", e.ID),
		attribute.String("cloudevents.event_id", e.ID),
		attribute.String("cloudevents.event_source", e.Source),
		attribute.String("cloudevents.event_type", e.Type),
	))
}

// Inject writes the trace context of ctx into a message's headers.
func (t Tracing) Inject(ctx context.Context, headers propagation.TextMapCarrier) {
	t.propagator().Inject(ctx, headers)
}

// Consumer returns ctx with the trace context of a received message: that of
// its headers (the publish), or else that of e's extensions (the operation
// that produced e).
func (t Tracing) Consumer(ctx context.Context, headers propagation.TextMapCarrier, e events.Event) context.Context {
	if c := t.propagator().Extract(ctx, headers); trace.SpanContextFromContext(c).IsValid() {
		return c
	}
	return t.propagator().Extract(ctx, propagation.MapCarrier(e.Extensions))
}

// End ends span, recording err, if any, as its status.
func End(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}
