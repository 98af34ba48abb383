package transport_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
	"github.com/skillcheck-dev/skillcheck/reference/rest/transport"
)

// fixture is a resilient client whose retries and breakers run on one fake
// clock, against an httptest server whose handler the test sets.
type fixture struct {
	t       *testing.T
	clock   *clock.Fake
	tr      *transport.Transport
	client  *http.Client
	srv     *httptest.Server
	hits    atomic.Int32
	handler atomic.Pointer[http.HandlerFunc]
}

func newFixture(t *testing.T, s transport.Settings) *fixture {
	f := &fixture{t: t, clock: clock.NewFake(time.Now())}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		(*f.handler.Load())(w, r)
	}))
	t.Cleanup(f.srv.Close)
	f.serve(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })
	s.Retry.Clock = f.clock
	s.Retry.Jitter = func(c time.Duration) time.Duration { return c }
	s.Breaker.Clock = f.clock
	f.tr = transport.New(s)
	f.client = &http.Client{Transport: f.tr}
	return f
}

func (f *fixture) serve(h http.HandlerFunc) { f.handler.Store(&h) }

func (f *fixture) breaker() *breaker.Breaker {
	u, _ := url.Parse(f.srv.URL)
	return f.tr.Breaker(u.Host)
}

func (f *fixture) get(ctx context.Context) (*http.Response, string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL, nil)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatalf("reading the body: %v", err)
	}
	return resp, string(body), nil
}

func (f *fixture) wantOK() {
	f.t.Helper()
	resp, body, err := f.get(context.Background())
	if err != nil || resp.StatusCode != 200 || body != "ok" {
		f.t.Fatalf("GET: %v %q %v, want 200 ok", resp, body, err)
	}
}

// wantRejected checks that a GET fails with a BreakerError for sentinel,
// without reaching the server.
func (f *fixture) wantRejected(sentinel error) *transport.BreakerError {
	f.t.Helper()
	before := f.hits.Load()
	_, _, err := f.get(context.Background())
	var be *transport.BreakerError
	if !errors.Is(err, sentinel) || !errors.As(err, &be) {
		f.t.Fatalf("GET error = %v, want a BreakerError for %v", err, sentinel)
	}
	if f.hits.Load() != before {
		f.t.Fatal("a rejected request reached the server")
	}
	return be
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { http.Error(w, http.StatusText(code), code) }
}

func wantState(t *testing.T, b *breaker.Breaker, want breaker.State) {
	t.Helper()
	if got := b.State(); got != want {
		t.Fatalf("breaker state = %s, want %s", got, want)
	}
}

func TestEveryAttemptCountsInTheBreaker(t *testing.T) {
	f := newFixture(t, transport.Settings{})
	n := 0
	f.serve(func(w http.ResponseWriter, r *http.Request) {
		if n++; n <= 2 {
			status(503)(w, r)
			return
		}
		io.WriteString(w, "ok")
	})
	f.wantOK()
	if got, want := f.breaker().Counts(), (breaker.Counts{Calls: 3, Failures: 2}); got != want {
		t.Fatalf("counts = %+v, want %+v", got, want)
	}
	if f.hits.Load() != 3 {
		t.Fatalf("server saw %d attempts, want 3", f.hits.Load())
	}
}

func TestOpenBreakerStopsRetrying(t *testing.T) {
	f := newFixture(t, transport.Settings{
		Retry:   retry.Policy{MaxAttempts: 5},
		Breaker: breaker.Settings{ConsecutiveFailures: 2, OpenTimeout: time.Minute},
	})
	f.serve(status(503))
	_, _, err := f.get(context.Background())
	var re *retry.Error
	var be *transport.BreakerError
	if !errors.As(err, &re) || !errors.As(err, &be) || !errors.Is(err, breaker.ErrOpen) {
		t.Fatalf("err = %v, want a retry.Error wrapping a BreakerError for ErrOpen", err)
	}
	// Two attempts failed and tripped the breaker; the third was rejected.
	if re.Attempts != 3 || re.StatusCode != 503 || f.hits.Load() != 2 {
		t.Fatalf("attempts %d, last status %d, server hits %d", re.Attempts, re.StatusCode, f.hits.Load())
	}
	// The breaker opened on the second attempt; the retry then waited 200ms.
	if be.Host != f.srv.Listener.Addr().String() || be.Remaining != time.Minute-200*time.Millisecond {
		t.Fatalf("BreakerError = %+v", be)
	}
	f.clock.Advance(20 * time.Second)
	if be := f.wantRejected(breaker.ErrOpen); be.Remaining != 40*time.Second-200*time.Millisecond {
		t.Fatalf("Remaining = %v, want 39.8s", be.Remaining)
	}
}

func TestBreakersArePerHost(t *testing.T) {
	f := newFixture(t, transport.Settings{Breaker: breaker.Settings{ConsecutiveFailures: 1}})
	f.serve(status(500))
	if _, _, err := f.get(context.Background()); !errors.Is(err, breaker.ErrOpen) {
		t.Fatalf("err = %v", err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "other") }))
	defer other.Close()
	resp, err := f.client.Get(other.URL)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the other host: %v %v", resp, err)
	}
	resp.Body.Close()
	wantState(t, f.breaker(), breaker.StateOpen)
	wantState(t, f.tr.Breaker(other.Listener.Addr().String()), breaker.StateClosed)
}

func TestSlowAttemptTimesOutAndIsRetried(t *testing.T) {
	f := newFixture(t, transport.Settings{
		AttemptTimeout: 100 * time.Millisecond,
		Retry:          retry.Policy{MaxAttempts: 5},
	})
	var first atomic.Bool
	cancelled := make(chan struct{})
	f.serve(func(w http.ResponseWriter, r *http.Request) {
		if first.CompareAndSwap(false, true) {
			<-r.Context().Done() // hangs until the attempt times out
			close(cancelled)
			return
		}
		io.WriteString(w, "ok")
	})
	f.wantOK()
	<-cancelled
	if c := f.breaker().Counts(); c.Failures < 1 {
		t.Fatalf("the timed-out attempt did not count as a failure: %+v", c)
	}
}

func TestResponseBodyOutlivesRoundTrip(t *testing.T) {
	const size = 4 << 20
	f := newFixture(t, transport.Settings{})
	f.serve(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(strings.Repeat("x", size)))
	})
	resp, err := f.client.Get(f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// The attempt's context must still be alive while the body is read.
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n != size {
		t.Fatalf("read %d bytes, %v; want %d", n, err, size)
	}
}

func TestCallerCancellationIsNeutral(t *testing.T) {
	f := newFixture(t, transport.Settings{Breaker: breaker.Settings{ConsecutiveFailures: 1}})
	ctx, cancel := context.WithCancel(context.Background())
	f.serve(func(_ http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	})
	if _, _, err := f.get(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := f.breaker().Counts(); got != (breaker.Counts{}) {
		t.Fatalf("a cancelled call was counted: %+v", got)
	}
	wantState(t, f.breaker(), breaker.StateClosed)
}

// trip opens the breaker (set to trip on one failure) with a failing request.
func (f *fixture) trip() {
	f.t.Helper()
	f.serve(status(502))
	if _, _, err := f.get(context.Background()); !errors.Is(err, breaker.ErrOpen) {
		f.t.Fatalf("tripping: %v", err)
	}
}

// tripAndHalfOpen trips the breaker, then lets it half-open.
func (f *fixture) tripAndHalfOpen(openTimeout time.Duration) {
	f.t.Helper()
	f.trip()
	f.clock.Advance(openTimeout)
	wantState(f.t, f.breaker(), breaker.StateHalfOpen)
}

func TestHungProbeCannotPinHalfOpen(t *testing.T) {
	f := newFixture(t, transport.Settings{
		AttemptTimeout: time.Hour, // let the probe hang; the breaker's deadline must act
		Breaker: breaker.Settings{
			ConsecutiveFailures: 1, OpenTimeout: time.Minute, ProbeTimeout: 5 * time.Second,
		},
	})
	f.tripAndHalfOpen(time.Minute)

	arrived, release := make(chan struct{}), make(chan struct{})
	f.serve(func(w http.ResponseWriter, _ *http.Request) {
		close(arrived)
		<-release
		io.WriteString(w, "ok")
	})
	probe := make(chan error)
	go func() {
		_, _, err := f.get(context.Background())
		probe <- err
	}()
	<-arrived
	f.wantRejected(breaker.ErrTooManyProbes)

	f.clock.Advance(5 * time.Second) // the probe's deadline passes
	if be := f.wantRejected(breaker.ErrOpen); be.Remaining != time.Minute {
		t.Fatalf("Remaining = %v, want a fresh open period", be.Remaining)
	}

	close(release)
	if err := <-probe; err != nil {
		t.Fatalf("the late probe: %v", err)
	}
	// Its late success belongs to an old generation.
	wantState(t, f.breaker(), breaker.StateOpen)

	f.clock.Advance(time.Minute)
	f.serve(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })
	f.wantOK()
	wantState(t, f.breaker(), breaker.StateClosed)
}

func TestHalfOpenLetsExactlyNConcurrentCallersThrough(t *testing.T) {
	const probes, callers = 3, 12
	f := newFixture(t, transport.Settings{
		Breaker: breaker.Settings{ConsecutiveFailures: 1, OpenTimeout: time.Minute, HalfOpenProbes: probes},
	})
	f.tripAndHalfOpen(time.Minute)
	hitsBefore := f.hits.Load()

	arrived, release := make(chan struct{}, callers), make(chan struct{})
	f.serve(func(w http.ResponseWriter, _ *http.Request) {
		arrived <- struct{}{}
		<-release
		io.WriteString(w, "ok")
	})
	results := make(chan error, callers)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			_, _, err := f.get(context.Background())
			results <- err
		})
	}
	// All but N are rejected while the N probes are held at the server.
	for range callers - probes {
		if err := <-results; !errors.Is(err, breaker.ErrTooManyProbes) {
			t.Fatalf("err = %v, want ErrTooManyProbes", err)
		}
	}
	for range probes {
		<-arrived
	}
	close(release)
	wg.Wait()
	close(results)
	for err := range results {
		if err != nil {
			t.Fatalf("probe: %v", err)
		}
	}
	if got := f.hits.Load() - hitsBefore; got != probes {
		t.Fatalf("server saw %d probes, want %d", got, probes)
	}
	wantState(t, f.breaker(), breaker.StateClosed)
}

// closeRecorder is a request body that records whether it was closed.
type closeRecorder struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeRecorder) Close() error { c.closed.Store(true); return nil }

func TestRejectedRequestBodyIsClosed(t *testing.T) {
	f := newFixture(t, transport.Settings{Breaker: breaker.Settings{ConsecutiveFailures: 1}})
	f.trip()
	body := &closeRecorder{Reader: strings.NewReader("payload")}
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL, body)
	if _, err := f.client.Do(req); !errors.Is(err, breaker.ErrOpen) {
		t.Fatalf("err = %v, want ErrOpen", err)
	}
	if !body.closed.Load() {
		t.Fatal("the body of a rejected request was not closed")
	}
}

func TestCustomClassify(t *testing.T) {
	f := newFixture(t, transport.Settings{
		Breaker: breaker.Settings{ConsecutiveFailures: 2},
		Classify: func(resp *http.Response, err error) breaker.Outcome {
			if err == nil && resp.StatusCode == http.StatusTooManyRequests {
				return breaker.Failure // this dependency only says 429 when it is drowning
			}
			return transport.DefaultClassify(resp, err)
		},
	})
	f.serve(status(429))
	if _, _, err := f.get(context.Background()); !errors.Is(err, breaker.ErrOpen) {
		t.Fatalf("err = %v, want the breaker to open on 429s", err)
	}
}

func TestDefaultClassify(t *testing.T) {
	for _, c := range []struct {
		code int
		err  error
		want breaker.Outcome
	}{
		{200, nil, breaker.Success},
		{204, nil, breaker.Success},
		{400, nil, breaker.Success},
		{404, nil, breaker.Success},
		{429, nil, breaker.Neutral},
		{500, nil, breaker.Failure},
		{501, nil, breaker.Success},
		{502, nil, breaker.Failure},
		{503, nil, breaker.Failure},
		{504, nil, breaker.Failure},
		{0, context.Canceled, breaker.Neutral},
		{0, context.DeadlineExceeded, breaker.Failure},
		{0, io.ErrUnexpectedEOF, breaker.Failure},
	} {
		var resp *http.Response
		if c.err == nil {
			resp = &http.Response{StatusCode: c.code}
		}
		if got := transport.DefaultClassify(resp, c.err); got != c.want {
			t.Errorf("DefaultClassify(%d, %v) = %d, want %d", c.code, c.err, got, c.want)
		}
	}
}

func TestNewClientWithZeroSettings(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	client := transport.NewClient(transport.Settings{})
	if _, ok := client.Transport.(*transport.Transport); !ok || client.Timeout != 0 {
		t.Fatalf("client = %+v", client)
	}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" {
		t.Fatalf("body %q", body)
	}
}

// roundTripperFunc adapts a function to http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestEachAttemptHasItsOwnDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	var deadlines []time.Time
	base := roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		d, ok := r.Context().Deadline()
		if !ok {
			t.Error("an attempt without a deadline")
		}
		deadlines = append(deadlines, d)
		return http.DefaultTransport.RoundTrip(r)
	})
	client := transport.NewClient(transport.Settings{Base: base, AttemptTimeout: time.Hour, Retry: retry.Policy{MaxElapsed: 2 * time.Hour}})
	before := time.Now()
	get := func(ctx context.Context) time.Time {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return deadlines[len(deadlines)-1]
	}
	d := get(context.Background())
	if d.Before(before.Add(time.Hour)) || d.After(time.Now().Add(time.Hour)) {
		t.Fatalf("attempt deadline %v, want an hour from the attempt", d)
	}
	// The budget bounds the call when the caller has none.
	client = transport.NewClient(transport.Settings{Base: base, AttemptTimeout: time.Hour})
	if d := get(context.Background()); d.After(time.Now().Add(retry.DefaultMaxElapsed)) {
		t.Fatalf("attempt deadline %v, want within the default budget of %v", d, retry.DefaultMaxElapsed)
	}
	// A caller's budget shorter than an attempt and than MaxElapsed bounds
	// the attempt.
	client = transport.NewClient(transport.Settings{Base: base, AttemptTimeout: time.Hour, Retry: retry.Policy{MaxElapsed: 2 * time.Hour}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	want, _ := ctx.Deadline()
	if d := get(ctx); !d.Equal(want) {
		t.Fatalf("attempt deadline %v, want the caller's %v", d, want)
	}
}

// Callers whose own budget is shorter than a healthy server's answer give up
// before it comes. Their deadlines blame the caller, not the host: the
// breaker stays closed for everyone else. Before the fix five such callers
// opened the per-host breaker (5 consecutive failures) for 30 seconds.
func TestImpatientCallersKeepTheBreakerClosed(t *testing.T) {
	const impatient = 5
	f := newFixture(t, transport.Settings{})
	var seen atomic.Int32
	f.serve(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= impatient {
			<-r.Context().Done() // slower than the caller's budget: it hangs up first
			return
		}
		io.WriteString(w, "ok")
	})
	var wg sync.WaitGroup
	for range impatient {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			if _, _, err := f.get(ctx); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("impatient caller: %v, want its own deadline", err)
			}
		})
	}
	wg.Wait()
	if got := f.breaker().Counts(); got != (breaker.Counts{}) {
		t.Fatalf("the callers' own deadlines were counted: %+v", got)
	}
	wantState(t, f.breaker(), breaker.StateClosed)
	f.wantOK() // a patient caller gets through
}

// A client that calls many hosts keeps the breakers of the hosts it called
// lately, not of every host it ever called.
func TestBreakersOfIdleHostsAreDropped(t *testing.T) {
	fake := clock.NewFake(time.Now())
	tr := transport.New(transport.Settings{HostIdle: time.Minute, Breaker: breaker.Settings{Clock: fake}})
	for i := range 600 {
		tr.Breaker(fmt.Sprintf("tenant-%d.example:443", i))
		fake.Advance(time.Second)
	}
	if n := tr.Hosts(); n > 121 {
		t.Fatalf("%d breakers kept, want those of the last two minutes at most", n)
	}
}

func TestNewBaseKeepsConnectionsPerHost(t *testing.T) {
	b := transport.NewBase()
	if b.MaxIdleConnsPerHost != transport.BaseMaxIdleConnsPerHost || b.MaxIdleConns != 0 ||
		b.TLSHandshakeTimeout != transport.BaseTLSHandshakeTimeout || b.IdleConnTimeout != transport.BaseIdleConnTimeout ||
		b.Proxy == nil || !b.ForceAttemptHTTP2 {
		t.Fatalf("NewBase = %+v", b)
	}
	if transport.NewBase() == b {
		t.Fatal("two calls share a pool")
	}
}
