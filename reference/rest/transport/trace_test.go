package transport_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/rest/transport"
)

// The client span's trace context reaches the server in the traceparent
// header, and the server's span continues the client's trace, through the
// resilient transport.
func TestTraceContextCrossesHTTP(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ts := transport.TraceSettings{Provider: tp}

	var header string
	var serverSpan trace.SpanContext
	srv := httptest.NewServer(transport.TraceHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Get("traceparent")
		serverSpan = trace.SpanContextFromContext(r.Context())
	}), ts))
	defer srv.Close()

	client := &http.Client{Transport: transport.Traced(transport.New(transport.Settings{}), ts)}
	ctx, root := tp.Tracer("test").Start(context.Background(), "request")
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/users/1", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	root.End()

	if header == "" {
		t.Fatal("no traceparent header reached the server")
	}
	if serverSpan.TraceID() != root.SpanContext().TraceID() {
		t.Fatalf("server trace %s, client trace %s", serverSpan.TraceID(), root.SpanContext().TraceID())
	}
	byName := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range spans.GetSpans().Snapshots() {
		byName[s.Name()] = s
	}
	client1, server := byName["GET"], byName["GET /users/1"]
	if client1 == nil || server == nil || server.Parent().SpanID() != client1.SpanContext().SpanID() || client1.Parent().SpanID() != root.SpanContext().SpanID() {
		t.Fatalf("spans %v: want request → GET (client) → GET /users/1 (server)", byName)
	}
	if req.Header.Get("traceparent") != "" {
		t.Fatal("Traced modified the caller's request")
	}
}
