package transport

import (
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// TracerName is the instrumentation name of the spans of Traced and
// TraceHandler.
const TracerName = "github.com/skillcheck-dev/skillcheck/reference/rest/transport"

// TraceSettings configure Traced and TraceHandler. The zero value uses the
// W3C Trace Context propagator (traceparent and tracestate headers) and the
// global OpenTelemetry tracer provider, which makes no spans until the
// application installs one.
type TraceSettings struct {
	// Provider makes the spans. Nil means otel.GetTracerProvider().
	Provider trace.TracerProvider
	// Propagator writes and reads the trace context headers. Nil means
	// propagation.TraceContext{}.
	Propagator propagation.TextMapPropagator
}

func (s TraceSettings) tracer() trace.Tracer {
	p := s.Provider
	if p == nil {
		p = otel.GetTracerProvider()
	}
	return p.Tracer(TracerName)
}

func (s TraceSettings) propagator() propagation.TextMapPropagator {
	if s.Propagator == nil {
		return propagation.TraceContext{}
	}
	return s.Propagator
}

// Traced returns a RoundTripper that makes a client span for each request,
// a child of the span in the request's context, writes the span's trace
// context into the request's traceparent and tracestate headers, and sends
// the request through next (http.DefaultTransport when nil). Wrap the
// resilient transport in it, Traced(New(s), TraceSettings{}), for one span
// per call whose attempts all carry the same trace context; wrap it the
// other way round for a span per attempt. The request is cloned, never
// modified. A 5xx response or a transport error marks the span as failed.
func Traced(next http.RoundTripper, s TraceSettings) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return tracedTransport{next: next, s: s}
}

type tracedTransport struct {
	next http.RoundTripper
	s    TraceSettings
}

func (t tracedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, span := t.s.tracer().Start(req.Context(), req.Method, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("http.request.method", req.Method), attribute.String("server.address", req.URL.Host),
			attribute.String("url.full", req.URL.Redacted())))
	defer span.End()
	req = req.Clone(ctx)
	t.s.propagator().Inject(ctx, propagation.HeaderCarrier(req.Header))
	resp, err := t.next.RoundTrip(req)
	switch {
	case err != nil:
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	case resp.StatusCode >= 500:
		span.SetStatus(codes.Error, resp.Status)
	}
	if resp != nil {
		span.SetAttributes(attribute.Int("http.response.status_code", resp.StatusCode))
	}
	return resp, err
}

// TraceHandler is the server's side of Traced: it reads the trace context
// of the request's headers and runs next in a server span that continues
// that trace, so that what next does (an outbox row, a call to another
// service) belongs to the caller's trace.
func TraceHandler(next http.Handler, s TraceSettings) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := s.propagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := s.tracer().Start(ctx, r.Method+" "+r.URL.Path, trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", r.Method), attribute.String("url.path", r.URL.Path)))
		defer span.End()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
