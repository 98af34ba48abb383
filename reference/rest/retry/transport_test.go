package retry_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
)

// seen is one request as the server received it.
type seen struct {
	method, key, body string
}

// server is an httptest server that answers attempt i with steps[i], or with
// the last step once they run out, and records what it received.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	seen []seen
}

func newServer(t *testing.T, steps ...http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		i := len(s.seen)
		s.seen = append(s.seen, seen{r.Method, r.Header.Get(retry.IdempotencyKeyHeader), string(body)})
		s.mu.Unlock()
		steps[min(i, len(steps)-1)](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.seen...)
}

// reply answers with code, body and header pairs.
func reply(code int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

// fixture is a client with a retrying transport on a fake clock whose waits
// are the backoff ceilings (no jitter).
type fixture struct {
	clock  *clock.Fake
	client *http.Client
}

func newFixture(p retry.Policy) fixture {
	f := fixture{clock: clock.NewFake(time.Now().Truncate(time.Second))}
	p.Clock = f.clock
	if p.Jitter == nil {
		p.Jitter = func(ceiling time.Duration) time.Duration { return ceiling }
	}
	// No keep-alive: every attempt gets its own connection, so net/http
	// never retries on its own and the server sees exactly our attempts.
	base := &http.Transport{DisableKeepAlives: true}
	f.client = &http.Client{Transport: retry.NewTransport(base, p)}
	return f
}

func (f fixture) do(t *testing.T, ctx context.Context, method, url, body string, header ...string) (*http.Response, string, error) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return resp, string(b), nil
}

func (f fixture) get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, body, err := f.do(t, context.Background(), http.MethodGet, url, "")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	return resp, body
}

func wantSleeps(t *testing.T, c *clock.Fake, want ...time.Duration) {
	t.Helper()
	got := c.Sleeps()
	if len(got) != len(want) {
		t.Fatalf("sleeps = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("sleeps = %v, want %v", got, want)
		}
	}
}

func wantAttempts(t *testing.T, s *server, n int) []seen {
	t.Helper()
	got := s.requests()
	if len(got) != n {
		t.Fatalf("server saw %d attempts, want %d: %v", len(got), n, got)
	}
	return got
}

func TestBurstOf5xxThenSuccess(t *testing.T) {
	s := newServer(t, reply(503, "busy"), reply(502, "bad gateway"), reply(500, "oops"), reply(200, "ok"))
	f := newFixture(retry.Policy{MaxAttempts: 5})
	resp, body := f.get(t, s.URL)
	if resp.StatusCode != 200 || body != "ok" {
		t.Fatalf("got %d %q, want 200 ok", resp.StatusCode, body)
	}
	wantAttempts(t, s, 4)
	wantSleeps(t, f.clock, 100*time.Millisecond, 200*time.Millisecond, 400*time.Millisecond)
}

func TestGivesUpAfterMaxAttemptsWithTheLastResponse(t *testing.T) {
	n := 0
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		reply(503, strings.Repeat("x", n), "X-Attempt", strings.Repeat("x", n))(w, r)
	})
	f := newFixture(retry.Policy{})
	resp, body := f.get(t, s.URL)
	// The last response reaches the caller unread, status and body intact.
	if resp.StatusCode != 503 || body != "xxx" || resp.Header.Get("X-Attempt") != "xxx" {
		t.Fatalf("got %d %q, want the third response", resp.StatusCode, body)
	}
	wantAttempts(t, s, retry.DefaultMaxAttempts)
	wantSleeps(t, f.clock, 100*time.Millisecond, 200*time.Millisecond)
}

func TestOtherStatusesAreNotRetried(t *testing.T) {
	for _, code := range []int{200, 201, 304, 400, 401, 404, 409, 422, 501} {
		s := newServer(t, reply(code, "answer"), reply(200, "second"))
		f := newFixture(retry.Policy{})
		resp, _ := f.get(t, s.URL)
		if resp.StatusCode != code {
			t.Errorf("status %d: got %d", code, resp.StatusCode)
		}
		if n := len(s.requests()); n != 1 {
			t.Errorf("status %d: %d attempts, want 1", code, n)
		}
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	s := newServer(t, reply(429, "slow down", "Retry-After", "2"), reply(200, "ok"))
	f := newFixture(retry.Policy{})
	if resp, _ := f.get(t, s.URL); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	wantSleeps(t, f.clock, 2*time.Second)
}

func TestRetryAfterHTTPDate(t *testing.T) {
	f := newFixture(retry.Policy{})
	at := f.clock.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	s := newServer(t, reply(503, "maintenance", "Retry-After", at), reply(200, "ok"))
	if resp, _ := f.get(t, s.URL); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	wantSleeps(t, f.clock, 3*time.Second)
}

func TestAbsurdRetryAfterIsCapped(t *testing.T) {
	for _, v := range []string{
		"86400",                          // a day
		"9223372036854775807",            // overflows a Duration in seconds
		"123456789012345678901234567890", // overflows 64 bits
		"Fri, 31 Dec 9999 23:59:59 GMT",
	} {
		s := newServer(t, reply(429, "", "Retry-After", v), reply(200, "ok"))
		f := newFixture(retry.Policy{MaxRetryAfter: 7 * time.Second})
		if resp, _ := f.get(t, s.URL); resp.StatusCode != 200 {
			t.Fatalf("Retry-After %s: status %d", v, resp.StatusCode)
		}
		wantSleeps(t, f.clock, 7*time.Second)
	}
}

func TestRetryAfterIsAFloorNotACeiling(t *testing.T) {
	for _, v := range []string{"0", "Mon, 02 Jan 2006 15:04:05 GMT", "soon", "-3", "1.5"} {
		s := newServer(t, reply(503, "", "Retry-After", v), reply(200, "ok"))
		f := newFixture(retry.Policy{})
		if resp, _ := f.get(t, s.URL); resp.StatusCode != 200 {
			t.Fatalf("Retry-After %s: status %d", v, resp.StatusCode)
		}
		wantSleeps(t, f.clock, retry.DefaultBaseDelay) // the backoff wait
	}
}

func TestNoWaitPastTheContextDeadline(t *testing.T) {
	f := newFixture(retry.Policy{})
	ctx, cancel := context.WithDeadline(context.Background(), f.clock.Now().Add(5*time.Second))
	defer cancel()
	s := newServer(t, reply(429, "later", "Retry-After", "10"), reply(200, "ok"))
	resp, body, err := f.do(t, ctx, http.MethodGet, s.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	// Waiting 10s cannot end before the deadline: the 429 comes back now.
	if resp.StatusCode != 429 || body != "later" {
		t.Fatalf("got %d %q, want the 429", resp.StatusCode, body)
	}
	wantAttempts(t, s, 1)
	wantSleeps(t, f.clock)
}

func TestNoWaitPastMaxElapsed(t *testing.T) {
	s := newServer(t, reply(503, "busy"))
	// Waits of 100ms and 200ms: the second would end 300ms after the start.
	f := newFixture(retry.Policy{MaxAttempts: 10, MaxElapsed: 250 * time.Millisecond})
	if resp, _ := f.get(t, s.URL); resp.StatusCode != 503 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	wantAttempts(t, s, 2)
	wantSleeps(t, f.clock, 100*time.Millisecond)
}

// blockingClock is a clock whose Sleep waits for the context only, and
// reports that it started waiting.
type blockingClock struct {
	clock.Clock
	sleeping chan struct{}
}

func (c blockingClock) Sleep(ctx context.Context, _ time.Duration) error {
	close(c.sleeping)
	<-ctx.Done()
	return ctx.Err()
}

func TestWaitEndsWhenTheContextEnds(t *testing.T) {
	s := newServer(t, reply(503, "busy", "X-Request-Id", "r1"))
	c := blockingClock{Clock: clock.System, sleeping: make(chan struct{})}
	client := &http.Client{Transport: retry.NewTransport(nil, retry.Policy{Clock: c})}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	errc := make(chan error)
	go func() {
		_, err := client.Do(req)
		errc <- err
	}()
	<-c.sleeping
	cancel()
	err := <-errc
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var re *retry.Error
	if !errors.As(err, &re) {
		t.Fatalf("err = %T, want a *retry.Error", err)
	}
	if re.Attempts != 1 || re.StatusCode != 503 || string(re.Body) != "busy" || re.Header.Get("X-Request-Id") != "r1" {
		t.Fatalf("error = %+v, want attempt 1 with the 503 and its body", re)
	}
	wantAttempts(t, s, 1)
}

func TestCallerCancellationStopsRetrying(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		cancel() // the caller gives up while the attempt is in flight
		<-r.Context().Done()
	})
	f := newFixture(retry.Policy{})
	_, _, err := f.do(t, ctx, http.MethodGet, s.URL, "")
	var re *retry.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &re) || re.Attempts != 1 {
		t.Fatalf("err = %v, want context.Canceled after 1 attempt", err)
	}
	wantAttempts(t, s, 1)
	wantSleeps(t, f.clock)
}

func TestDroppedConnectionsAreRetried(t *testing.T) {
	s := newServer(t, drop, drop, reply(200, "ok"))
	f := newFixture(retry.Policy{})
	if resp, body := f.get(t, s.URL); resp.StatusCode != 200 || body != "ok" {
		t.Fatalf("got %d %q", resp.StatusCode, body)
	}
	wantAttempts(t, s, 3)
}

func TestDroppedConnectionsExhaustAttempts(t *testing.T) {
	s := newServer(t, reply(503, "busy"), drop)
	f := newFixture(retry.Policy{})
	_, _, err := f.do(t, context.Background(), http.MethodGet, s.URL, "")
	var re *retry.Error
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a *retry.Error", err)
	}
	// The error is the last attempt's; the last response seen is kept.
	if re.Attempts != 3 || re.StatusCode != 503 || string(re.Body) != "busy" || re.Err == nil {
		t.Fatalf("error = %+v", re)
	}
	if !strings.Contains(err.Error(), `after 3 attempt(s), last response 503 "busy": `) {
		t.Fatalf("message = %q", err)
	}
	wantAttempts(t, s, 3)
}

func TestPostWithoutKeyIsNeverRetried(t *testing.T) {
	s := newServer(t, reply(503, "busy"), reply(201, "created"))
	f := newFixture(retry.Policy{})
	resp, _, err := f.do(t, context.Background(), http.MethodPost, s.URL, `{"name":"Ada"}`)
	if err != nil || resp.StatusCode != 503 {
		t.Fatalf("got %v, %v; want the 503", resp, err)
	}

	d := newServer(t, drop, reply(201, "created"))
	_, _, err = f.do(t, context.Background(), http.MethodPost, d.URL, `{"name":"Ada"}`)
	var re *retry.Error
	if !errors.As(err, &re) || re.Attempts != 1 {
		t.Fatalf("dropped POST: err = %v, want a *retry.Error after 1 attempt", err)
	}
	for _, srv := range []*server{s, d} {
		wantAttempts(t, srv, 1)
	}
	wantSleeps(t, f.clock)
}

func TestNonIdempotentWithKeyIsRetriedWithSameKeyAndBody(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodPatch} {
		s := newServer(t, reply(503, "busy"), drop, reply(201, "created"))
		f := newFixture(retry.Policy{})
		resp, body, err := f.do(t, context.Background(), method, s.URL, `{"name":"Ada"}`,
			retry.IdempotencyKeyHeader, "key-7f3a")
		if err != nil || resp.StatusCode != 201 || body != "created" {
			t.Fatalf("%s: got %v, %q, %v", method, resp, body, err)
		}
		for i, r := range wantAttempts(t, s, 3) {
			if r != (seen{method, "key-7f3a", `{"name":"Ada"}`}) {
				t.Errorf("%s attempt %d: server saw %+v", method, i+1, r)
			}
		}
	}
}

func TestIdempotentMethodsAreRetriedWithTheirBody(t *testing.T) {
	s := newServer(t, reply(503, ""), reply(204, ""))
	f := newFixture(retry.Policy{})
	resp, _, err := f.do(t, context.Background(), http.MethodPut, s.URL, "v2")
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("PUT: %v, %v", resp, err)
	}
	for _, r := range wantAttempts(t, s, 2) {
		if r.body != "v2" {
			t.Errorf("PUT attempt with body %q", r.body)
		}
	}
}

func TestBodyThatCannotBeReplayedIsSentOnce(t *testing.T) {
	s := newServer(t, reply(503, "busy"), reply(201, "created"))
	f := newFixture(retry.Policy{})
	req, _ := http.NewRequest(http.MethodPost, s.URL, io.NopCloser(strings.NewReader("stream")))
	req.Header.Set(retry.IdempotencyKeyHeader, "k")
	if req.GetBody != nil {
		t.Fatal("test needs a request without GetBody")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Fatalf("status %d, want the 503", resp.StatusCode)
	}
	wantAttempts(t, s, 1)
}

func TestGetBodyFailureEndsRetrying(t *testing.T) {
	s := newServer(t, reply(503, "busy"))
	f := newFixture(retry.Policy{})
	req, _ := http.NewRequest(http.MethodPut, s.URL, strings.NewReader("v"))
	errGone := errors.New("body gone")
	req.GetBody = func() (io.ReadCloser, error) { return nil, errGone }
	_, err := f.client.Do(req)
	var re *retry.Error
	if !errors.Is(err, errGone) || !errors.As(err, &re) || re.Attempts != 1 || re.StatusCode != 503 {
		t.Fatalf("err = %v, want errGone after 1 attempt with the 503", err)
	}
}

func TestCertificateErrorsAreNotRetried(t *testing.T) {
	s := newServer(t, reply(200, "ok"))
	tlsServer := httptest.NewTLSServer(s.Config.Handler)
	defer tlsServer.Close()
	f := newFixture(retry.Policy{})
	_, _, err := f.do(t, context.Background(), http.MethodGet, tlsServer.URL, "")
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	wantSleeps(t, f.clock)
}

// roundTripperFunc adapts a function to http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestPermanentErrorsStopRetrying(t *testing.T) {
	errRejected := errors.New("rejected")
	calls := 0
	next := roundTripperFunc(func(*http.Request) (*http.Response, error) {
		calls++
		return nil, retry.Permanent(errRejected)
	})
	client := &http.Client{Transport: retry.NewTransport(next, retry.Policy{Clock: clock.NewFake(time.Now())})}
	_, err := client.Get("http://example.invalid/")
	if !errors.Is(err, errRejected) || calls != 1 {
		t.Fatalf("err = %v after %d calls, want errRejected after 1", err, calls)
	}
	if retry.Permanent(nil) != nil {
		t.Fatal("Permanent(nil) != nil")
	}
}

func TestAttemptTimeoutsAreRetried(t *testing.T) {
	calls := 0
	next := roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		if calls == 1 { // an inner per-attempt timeout, not the caller's
			return nil, context.DeadlineExceeded
		}
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	client := &http.Client{Transport: retry.NewTransport(next, retry.Policy{Clock: clock.NewFake(time.Now())})}
	resp, err := client.Get("http://example.invalid/")
	if err != nil || resp.StatusCode != 200 || calls != 2 {
		t.Fatalf("got %v, %v after %d calls", resp, err, calls)
	}
}
