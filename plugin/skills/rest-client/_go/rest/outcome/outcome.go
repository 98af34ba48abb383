package outcome

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// Outcome is what became of one request.
type Outcome uint8

const (
	// Success is a 2xx answer.
	Success Outcome = iota
	// Refused is an answer that the request will not be done: nothing took
	// effect, and no retry changes that.
	Refused
	// Retriable is a failure without effect, or of a request that is safe
	// to send again.
	Retriable
	// Unknown is a request that may have taken effect.
	Unknown
)

// String returns "success", "refused", "retriable" or "unknown".
func (o Outcome) String() string {
	switch o {
	case Success:
		return "success"
	case Refused:
		return "refused"
	case Retriable:
		return "retriable"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// IdempotencyKeyHeader is the request header that names one logical
// operation; a server answers a repeated key with the stored result of the
// first request, and 409 while that request is still running.
const IdempotencyKeyHeader = "Idempotency-Key"

// Classify returns the outcome of req: resp when the server answered, err
// otherwise. written says whether the request (or any attempt of it) was
// written to the connection; pass true when you cannot tell, which makes
// every error Unknown.
func Classify(req *http.Request, resp *http.Response, err error, written bool) Outcome {
	if err != nil {
		if written || !notSent(err) {
			return Unknown
		}
		return Retriable
	}
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return Success
	case code == http.StatusConflict:
		return Unknown // the same key is in flight: its result is not known yet
	case code == http.StatusRequestTimeout, code == http.StatusTooEarly, code == http.StatusTooManyRequests:
		return Retriable // the server did not start on it
	case code >= 500:
		if safeToRepeat(req) {
			return Retriable
		}
		return Unknown // it may have done part of the work, and a retry might do it again
	case code >= 400:
		return Refused
	}
	return Unknown // 1xx and 3xx that reached the caller: not an answer to the operation
}

// notSent reports whether err happened before anything was written: a
// failure to dial or to resolve the host. Errors that do not say so count as
// after the write.
func notSent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// safeToRepeat reports whether sending req again cannot do its work twice:
// its method is idempotent or it carries an idempotency key.
func safeToRepeat(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete, "":
		return true
	}
	return req.Header.Get(IdempotencyKeyHeader) != ""
}

// MaxErrorBody is how many bytes of a response body an Error keeps.
const MaxErrorBody = 4 << 10

// Error is the error of a request whose outcome is not Success.
type Error struct {
	// Outcome is Refused, Retriable or Unknown.
	Outcome Outcome
	// Method and URL name the request.
	Method, URL string
	// StatusCode and Body are those of the response (Body cut to
	// MaxErrorBody bytes); zero when there was none.
	StatusCode int
	Body       []byte
	// Err is the transport's error when there was no response.
	Err error
}

// Error names the request, the outcome and what came back.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s %s: %s: %v", e.Method, e.URL, e.Outcome, e.Err)
	}
	return fmt.Sprintf("%s %s: %s: %d %s", e.Method, e.URL, e.Outcome, e.StatusCode, bytes.TrimSpace(e.Body))
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Do sends req with client and classifies the outcome. It returns the
// response of a Success for the caller to read and close. For any other
// outcome it reads and closes the response and returns an *Error with the
// outcome; the outcome is Success exactly when the error is nil. The
// request's context bounds the whole call.
func Do(client *http.Client, req *http.Request) (*http.Response, Outcome, error) {
	var written atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { written.Store(true) }}
	ctx := httptrace.WithClientTrace(req.Context(), trace)
	resp, err := client.Do(req.WithContext(ctx))
	o := Classify(req, resp, err, written.Load())
	if o == Success {
		return resp, o, nil
	}
	e := &Error{Outcome: o, Method: req.Method, URL: req.URL.Redacted(), Err: err}
	if resp != nil {
		e.StatusCode = resp.StatusCode
		e.Body, _ = io.ReadAll(io.LimitReader(resp.Body, MaxErrorBody))
		resp.Body.Close()
	}
	return nil, o, e
}
