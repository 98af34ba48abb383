package transport

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
	"github.com/skillcheck-dev/skillcheck/reference/rest/hostmap"
	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
)

// DefaultAttemptTimeout is the per-attempt timeout used when
// Settings.AttemptTimeout is zero.
const DefaultAttemptTimeout = 10 * time.Second

// Settings of the http.Transport that NewBase returns.
const (
	// BaseMaxIdleConnsPerHost is the number of idle connections kept per
	// host: http.DefaultTransport keeps 2, so a service that calls one
	// dependency with more than 2 requests at a time opens and closes
	// connections on every burst.
	BaseMaxIdleConnsPerHost = 64
	// BaseDialTimeout bounds the TCP connect.
	BaseDialTimeout = 5 * time.Second
	// BaseTLSHandshakeTimeout bounds the TLS handshake.
	BaseTLSHandshakeTimeout = 5 * time.Second
	// BaseIdleConnTimeout closes idle connections after this long.
	BaseIdleConnTimeout = 90 * time.Second
)

// NewBase returns the http.Transport a Transport sends attempts through
// when Settings.Base is nil: http.DefaultTransport's settings (proxy from
// the environment, HTTP/2) with BaseMaxIdleConnsPerHost idle connections
// per host and the dial, TLS and idle timeouts above. Each call returns a
// transport with a pool of its own.
func NewBase() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: BaseDialTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.MaxIdleConns = 0 // no limit across hosts; per host below
	t.MaxIdleConnsPerHost = BaseMaxIdleConnsPerHost
	t.TLSHandshakeTimeout = BaseTLSHandshakeTimeout
	t.IdleConnTimeout = BaseIdleConnTimeout
	return t
}

// Settings configure a Transport. The zero value of every field means the
// documented default.
type Settings struct {
	// Base sends each attempt. Nil means NewBase().
	Base http.RoundTripper

	// Retry is the retry policy.
	Retry retry.Policy

	// Breaker is the template for the breaker of each host; the Name of each
	// breaker is the host (URL.Host). Breaker.Classify is not used: the
	// transport classifies responses with Classify.
	Breaker breaker.Settings

	// Classify maps the outcome of an attempt to a breaker outcome. Nil
	// means DefaultClassify.
	Classify func(resp *http.Response, err error) breaker.Outcome

	// AttemptTimeout bounds one attempt, from sending the request until the
	// response body is closed. Values of zero or less mean
	// DefaultAttemptTimeout.
	AttemptTimeout time.Duration

	// HostIdle is how long the breaker of a host that is not called is
	// kept; then it is dropped, so a client that calls many hosts does not
	// grow without bound. Keep it above Breaker.OpenTimeout. Values of zero
	// or less mean hostmap.DefaultIdle.
	HostIdle time.Duration
}

// Transport is the resilient http.RoundTripper. Create it with New; it is
// safe for concurrent use.
type Transport struct {
	retry    *retry.Transport
	breakers *breakerLayer
}

// New returns a Transport configured by s.
func New(s Settings) *Transport {
	if s.AttemptTimeout <= 0 {
		s.AttemptTimeout = DefaultAttemptTimeout
	}
	if s.Classify == nil {
		s.Classify = DefaultClassify
	}
	if s.Base == nil {
		s.Base = NewBase()
	}
	b := &breakerLayer{
		next:     timeoutLayer{next: s.Base, timeout: s.AttemptTimeout},
		classify: s.Classify,
		hosts: hostmap.Map[*breaker.Breaker]{
			New: func(host string) *breaker.Breaker {
				bs := s.Breaker
				bs.Name = host
				return breaker.New(bs)
			},
			Idle:  s.HostIdle,
			Clock: s.Breaker.Clock,
		},
	}
	return &Transport{retry: retry.NewTransport(b, s.Retry), breakers: b}
}

// NewClient returns an http.Client that sends its requests through New(s).
// It sets no client timeout: the request's context is the budget.
func NewClient(s Settings) *http.Client {
	return &http.Client{Transport: New(s)}
}

// RoundTrip sends req with retries, a breaker per host and a per-attempt
// timeout. Errors are *retry.Error values that wrap the cause.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.retry.RoundTrip(req)
}

// Breaker returns the breaker of host (as in URL.Host, "name:port" when the
// URL has a port), creating it if needed. Use it to watch the state or to
// read RemainingOpen.
func (t *Transport) Breaker(host string) *breaker.Breaker {
	return t.breakers.hosts.Get(host)
}

// Hosts returns the number of hosts whose breakers are kept.
func (t *Transport) Hosts() int {
	return t.breakers.hosts.Len()
}

// DefaultClassify counts transport errors and 5xx responses as failures,
// except 501 Not Implemented, which says nothing about health; 429 Too Many
// Requests and the caller's cancellation as neutral; and every other
// response as a success.
func DefaultClassify(resp *http.Response, err error) breaker.Outcome {
	switch {
	case err != nil:
		return breaker.DefaultClassify(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		return breaker.Neutral
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return breaker.Failure
	}
	return breaker.Success
}

// BreakerError is the error for an attempt rejected by its host's breaker.
// It reaches the caller wrapped in a *retry.Error.
type BreakerError struct {
	// Host is the host whose breaker rejected the attempt.
	Host string
	// Remaining is how long the breaker stays open; zero when it is
	// half-open and only its probe slots are full.
	Remaining time.Duration
	// Err is breaker.ErrOpen or breaker.ErrTooManyProbes.
	Err error
}

// Error names the host, the rejection and, while open, the time left.
func (e *BreakerError) Error() string {
	if e.Remaining > 0 {
		return fmt.Sprintf("%s: %v (retry in %v)", e.Host, e.Err, e.Remaining)
	}
	return fmt.Sprintf("%s: %v", e.Host, e.Err)
}

// Unwrap returns Err.
func (e *BreakerError) Unwrap() error { return e.Err }

// breakerLayer guards each attempt with the breaker of its host.
type breakerLayer struct {
	next     http.RoundTripper
	classify func(*http.Response, error) breaker.Outcome
	hosts    hostmap.Map[*breaker.Breaker]
}

func (l *breakerLayer) RoundTrip(req *http.Request) (*http.Response, error) {
	b := l.hosts.Get(req.URL.Host)
	permit, err := b.Allow()
	if err != nil {
		if req.Body != nil {
			req.Body.Close() // a RoundTripper always closes the body
		}
		return nil, retry.Permanent(&BreakerError{Host: req.URL.Host, Remaining: b.RemainingOpen(), Err: err})
	}
	resp, err := l.next.RoundTrip(req)
	permit.Record(l.outcome(req.Context(), resp, err))
	return resp, err
}

// outcome is the breaker's verdict on one attempt. An attempt that failed
// after the caller's own context ended (its deadline, its cancellation) says
// nothing about the host and is neutral, whatever Classify would say: only
// the per-attempt timeout, which ends the attempt's context but not the
// caller's, and the host's own errors and statuses count.
func (l *breakerLayer) outcome(caller context.Context, resp *http.Response, err error) breaker.Outcome {
	if err != nil && caller.Err() != nil {
		return breaker.Neutral
	}
	return l.classify(resp, err)
}

// timeoutLayer gives each attempt its own deadline.
type timeoutLayer struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (l timeoutLayer) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), l.timeout)
	resp, err := l.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	// Cancelling now would cut off the body; cancel when it is closed.
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
