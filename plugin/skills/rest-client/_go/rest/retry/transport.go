package retry

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// IdempotencyKeyHeader is the request header that makes a non-idempotent
// request (POST, PATCH) retryable. Its value must be the same on every
// attempt, which a Transport guarantees by sending the caller's header
// unchanged; the server uses it to run the operation once.
const IdempotencyKeyHeader = "Idempotency-Key"

// Transport is an http.RoundTripper that retries requests through Next
// according to Policy. Create it with NewTransport.
type Transport struct {
	next   http.RoundTripper
	policy Policy
}

// NewTransport returns a Transport that sends attempts through next (nil
// means http.DefaultTransport) and retries according to p.
func NewTransport(next http.RoundTripper, p Policy) *Transport {
	if next == nil {
		next = http.DefaultTransport
	}
	p = p.withDefaults()
	if p.Budget == nil {
		p.Budget = NewBudget(BudgetSettings{Clock: p.Clock})
	}
	return &Transport{next: next, policy: p}
}

// RoundTrip sends req, retrying as the package documentation describes. It
// returns the last response, or an *Error. The response's body must be
// closed: that ends the call's budget.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	p := t.policy
	attempts := p.MaxAttempts
	if !replayable(req) {
		attempts = 1
	}
	start := p.Clock.Now()
	caller := req.Context()
	ctx, cancel := context.WithTimeout(caller, p.MaxElapsed)
	req = req.WithContext(ctx)
	host := req.URL.Host
	last := &Error{}
	for n := 1; ; n++ {
		attempt, err := attemptRequest(req, n)
		if err != nil {
			last.Attempts, last.Err = n-1, err
			cancel()
			return nil, last
		}
		resp, err := t.next.RoundTrip(attempt)
		again := retryable(ctx, resp, err)
		if ctx.Err() == nil {
			p.Budget.Record(host, again)
		}
		if n == attempts || !again {
			return done(n, resp, err, last, cancel)
		}
		if !p.Budget.Allow(host) {
			if err != nil {
				err = fmt.Errorf("%w: %w", ErrThrottled, err)
			}
			return done(n, resp, err, last, cancel)
		}
		wait := p.Backoff(n)
		if resp != nil {
			if after, ok := parseRetryAfter(resp.Header.Get("Retry-After"), p.Clock.Now()); ok {
				wait = max(wait, min(after, p.MaxRetryAfter))
			}
		}
		if !p.fits(caller, start, wait) {
			return done(n, resp, err, last, cancel)
		}
		if resp != nil {
			keep(last, resp)
		}
		if err := p.Clock.Sleep(ctx, wait); err != nil {
			last.Attempts, last.Err = n, err
			cancel()
			return nil, last
		}
	}
}

// done ends retrying after attempt n: it returns the response, whose body
// ends the budget (cancel) when closed, or the error as an *Error that also
// carries the last response received.
func done(n int, resp *http.Response, err error, last *Error, cancel context.CancelFunc) (*http.Response, error) {
	if err != nil {
		cancel()
		last.Attempts, last.Err = n, err
		return nil, last
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends a call's budget when its response body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// keep reads and closes a response that is going to be retried, keeping its
// status, header and the start of its body in last.
func keep(last *Error, resp *http.Response) {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, MaxErrorBody))
	resp.Body.Close()
	last.StatusCode, last.Header, last.Body = resp.StatusCode, resp.Header, body
}

// replayable reports whether req may be sent more than once: its method is
// idempotent or it carries an idempotency key, and its body can be replayed.
func replayable(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete, "":
	default:
		if req.Header.Get(IdempotencyKeyHeader) == "" {
			return false
		}
	}
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// attemptRequest returns the request for attempt n: req itself first, then
// clones with a fresh body, so that req is never modified.
func attemptRequest(req *http.Request, n int) (*http.Request, error) {
	if n == 1 {
		return req, nil
	}
	r := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	return r, nil
}

// retryable reports whether an attempt's outcome is worth another attempt.
func retryable(ctx context.Context, resp *http.Response, err error) bool {
	if err != nil {
		var certErr *tls.CertificateVerificationError
		return ctx.Err() == nil && !isPermanent(err) && !errors.As(err, &certErr)
	}
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// fits reports whether a wait that starts now ends inside the budget: within
// MaxElapsed of start and before the caller's deadline.
func (p Policy) fits(ctx context.Context, start time.Time, wait time.Duration) bool {
	end := p.Clock.Now().Add(wait)
	if end.Sub(start) > p.MaxElapsed {
		return false
	}
	deadline, ok := ctx.Deadline()
	return !ok || end.Before(deadline)
}

// parseRetryAfter parses a Retry-After value, in seconds or as an HTTP date,
// into a wait from now. Absurdly large values saturate instead of
// overflowing; dates in the past mean no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseUint(v, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange), err == nil && secs > uint64(math.MaxInt64/time.Second):
		return math.MaxInt64, true // digits only, but absurdly many
	case err == nil:
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
