package outcome_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/rest/outcome"
)

func TestClassifyStatuses(t *testing.T) {
	post := httptest.NewRequest(http.MethodPost, "/charges", nil)
	keyed := httptest.NewRequest(http.MethodPost, "/charges", nil)
	keyed.Header.Set("Idempotency-Key", "k1")
	get := httptest.NewRequest(http.MethodGet, "/charges/k1", nil)
	for _, c := range []struct {
		req  *http.Request
		code int
		want outcome.Outcome
	}{
		{keyed, 200, outcome.Success},
		{keyed, 201, outcome.Success},
		{keyed, 400, outcome.Refused},
		{keyed, 404, outcome.Refused},
		{keyed, 422, outcome.Refused},
		{keyed, 409, outcome.Unknown}, // in flight: never a refusal
		{post, 409, outcome.Unknown},
		{keyed, 408, outcome.Retriable},
		{keyed, 425, outcome.Retriable},
		{keyed, 429, outcome.Retriable},
		{keyed, 500, outcome.Retriable},
		{keyed, 503, outcome.Retriable},
		{get, 502, outcome.Retriable},
		{post, 500, outcome.Unknown}, // no key: it may have done part of the work
		{post, 503, outcome.Unknown},
		{keyed, 302, outcome.Unknown},
	} {
		if got := outcome.Classify(c.req, &http.Response{StatusCode: c.code}, nil, true); got != c.want {
			t.Errorf("%s %d (key %q) = %s, want %s", c.req.Method, c.code, c.req.Header.Get("Idempotency-Key"), got, c.want)
		}
	}
}

func TestClassifyErrors(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/charges", nil)
	dial := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	read := &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}
	for _, c := range []struct {
		err     error
		written bool
		want    outcome.Outcome
	}{
		{dial, false, outcome.Retriable},
		{&net.DNSError{Err: "no such host"}, false, outcome.Retriable},
		{dial, true, outcome.Unknown}, // an earlier attempt was written
		{read, false, outcome.Unknown},
		{read, true, outcome.Unknown},
		{context.DeadlineExceeded, true, outcome.Unknown},
		{errors.New("something"), false, outcome.Unknown},
	} {
		if got := outcome.Classify(req, nil, c.err, c.written); got != c.want {
			t.Errorf("%v (written %v) = %s, want %s", c.err, c.written, got, c.want)
		}
	}
}

// Do traces the write: a refused connection is Retriable, a connection cut
// after the request was written is Unknown.
func TestDoTracesTheWrite(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens: the dial is refused
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/charges", nil)
	if _, o, err := outcome.Do(http.DefaultClient, req); o != outcome.Retriable || err == nil {
		t.Errorf("refused connection: %s, %v", o, err)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close() // the request arrived; the answer never comes
	}))
	defer srv.Close()
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/charges", nil)
	_, o, err := outcome.Do(srv.Client(), req)
	var e *outcome.Error
	if o != outcome.Unknown || !errors.As(err, &e) || e.Outcome != outcome.Unknown || e.StatusCode != 0 {
		t.Errorf("connection cut after the write: %s, %v", o, err)
	}

	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "card declined", http.StatusUnprocessableEntity)
	}))
	defer srv2.Close()
	req, _ = http.NewRequest(http.MethodPost, srv2.URL+"/charges", nil)
	_, o, err = outcome.Do(srv2.Client(), req)
	if o != outcome.Refused || !errors.As(err, &e) || e.StatusCode != 422 || string(e.Body) != "card declined\n" {
		t.Errorf("declined: %s, %v", o, err)
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[outcome.Outcome]string{outcome.Success: "success", outcome.Refused: "refused", outcome.Retriable: "retriable", outcome.Unknown: "unknown", 9: "Outcome(9)"} {
		if got := o.String(); got != want {
			t.Errorf("%d: %q", o, got)
		}
	}
}
