package retry

import (
	"errors"
	"fmt"
	"net/http"
)

// MaxErrorBody is how many bytes of a response body an Error keeps.
const MaxErrorBody = 64 << 10

// Error is the error returned when retrying ends without a response to
// return: the last attempt failed with an error, or the context ended while
// waiting. It wraps Err.
type Error struct {
	// Attempts is the number of attempts made.
	Attempts int
	// StatusCode, Header and Body are those of the last response received
	// (Body cut to MaxErrorBody bytes); zero when no attempt got one.
	StatusCode int
	Header     http.Header
	Body       []byte
	// Err is why retrying ended.
	Err error
}

// Error says how many attempts were made, the last response received if
// any, and the cause.
func (e *Error) Error() string {
	s := fmt.Sprintf("after %d attempt(s)", e.Attempts)
	if e.StatusCode != 0 {
		body := e.Body
		if len(body) > 200 {
			body = body[:200]
		}
		s += fmt.Sprintf(", last response %d %q", e.StatusCode, body)
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Permanent marks err so that a Transport stops retrying and returns it (as
// the Err of an *Error). Layers below a Transport use it for errors that a
// retry cannot fix, such as an open circuit breaker. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// isPermanent reports whether err is marked with Permanent.
func isPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
