package mq

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"time"
)

// Header (or message attribute) names that every broker package reads and
// writes. They are valid Kafka header names, AMQP header names and SQS
// message attribute names alike.
const (
	// HeaderMessageID carries the producer's message ID where the broker
	// has no message ID property of its own (Kafka) or assigns its own
	// (SQS).
	HeaderMessageID = "message-id"
	// HeaderIdempotencyKey carries the key under which consumers deduplicate
	// the operation a message asks for. It defaults to the message ID.
	HeaderIdempotencyKey = "idempotency-key"
	// HeaderAttempt is the 1-based number of the delivery attempt the
	// message is on; consumers increment it on every retry.
	HeaderAttempt = "x-attempt"
	// HeaderLastError holds the text of the handler error that sent the
	// message to a retry or to the dead-letter destination.
	HeaderLastError = "x-last-error"
	// HeaderFirstFailure is when the first attempt failed (RFC 3339, UTC).
	HeaderFirstFailure = "x-first-failure"
	// HeaderDeadLetterReason says why a message was dead-lettered:
	// ReasonPoison or ReasonExhausted, or a broker's own reason.
	HeaderDeadLetterReason = "x-dead-letter-reason"
)

// Reasons in HeaderDeadLetterReason.
const (
	ReasonPoison    = "poison"    // the handler returned an error wrapped by Poison
	ReasonExhausted = "exhausted" // the last attempt failed
)

// MaxErrorText bounds the size of HeaderLastError.
const MaxErrorText = 1024

var (
	// ErrPoison marks a handler error as permanent: the message goes to the
	// dead-letter destination at once instead of being retried. Wrap
	// errors with Poison, test them with errors.Is(err, ErrPoison).
	ErrPoison = errors.New("poison message")

	// ErrShutdownTimeout is returned by a consumer's Run when in-flight
	// handlers did not finish within the shutdown deadline. Their messages
	// are left to the broker to deliver again.
	ErrShutdownTimeout = errors.New("handlers still running at shutdown deadline")
)

// Poison marks err as permanent: the consumer sends the message to the
// dead-letter destination without further attempts. Poison(nil) is nil.
func Poison(err error) error {
	if err == nil {
		return nil
	}
	return &poisonError{err: err}
}

type poisonError struct{ err error }

// Error returns the cause's message unchanged.
func (e *poisonError) Error() string { return e.err.Error() }

// Unwrap returns both the cause and ErrPoison, so that errors.Is and
// errors.As see through the marker.
func (e *poisonError) Unwrap() []error { return []error{e.err, ErrPoison} }

// PanicError is the failure recorded when a handler panics. Consumers treat
// it like any other retryable error.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the goroutine's stack at the panic
}

// Error includes the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("handler panicked: %v", e.Value) }

// Unwrap returns the panic value when it is an error, so that errors.Is sees it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Call runs fn and turns a panic into a *PanicError.
func Call(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return fn()
}

// Verdict says what a consumer does with a message whose attempt failed
// with err: dead-letter it (with reason) after the last of maxAttempts
// attempts or for a poison error, otherwise retry it.
func Verdict(err error, attempt, maxAttempts int) (deadLetter bool, reason string) {
	switch {
	case errors.Is(err, ErrPoison):
		return true, ReasonPoison
	case attempt >= maxAttempts:
		return true, ReasonExhausted
	}
	return false, ""
}

// ErrorText is err's message cut to MaxErrorText bytes, for HeaderLastError.
func ErrorText(err error) string {
	text := err.Error()
	if len(text) > MaxErrorText {
		text = text[:MaxErrorText]
	}
	return text
}

// Backoff returns how long to wait before attempt n (n starts at 1) of a
// reconnect or of a failed move. Settings take a Backoff so that tests can
// make waits short.
type Backoff func(n int) time.Duration

// Exponential returns a Backoff with "full jitter": a random duration between
// zero and min(max, initial·2^(n-1)). Randomness keeps many clients that lost
// the same broker from reconnecting in lockstep.
func Exponential(initial, max time.Duration) Backoff {
	return func(n int) time.Duration {
		ceiling := initial
		for i := 1; i < n && ceiling < max; i++ {
			ceiling *= 2
		}
		ceiling = min(ceiling, max)
		if ceiling <= 0 {
			return 0
		}
		return rand.N(ceiling) + 1
	}
}

// DefaultBackoff is what settings mean by a nil Backoff: exponential with
// full jitter from 100ms up to 10s.
var DefaultBackoff = Exponential(100*time.Millisecond, 10*time.Second)

// Sleep waits for d or until ctx is done, whichever comes first, and
// returns ctx.Err() in the latter case.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Outcome is what a consumer did with one delivery.
type Outcome string

// Outcomes reported to an Observer.
const (
	Handled      Outcome = "handled"       // the handler succeeded; the message is acknowledged
	Duplicate    Outcome = "duplicate"     // the idempotency store had its key; acknowledged without effect
	Retried      Outcome = "retried"       // failed; sent on to its next attempt
	DeadLettered Outcome = "dead-lettered" // failed for good; moved to the dead-letter destination
	Returned     Outcome = "returned"      // left to the broker to deliver again (shutdown, lost connection)
)

// Event describes what a consumer did with one delivery.
type Event struct {
	MessageID      string
	IdempotencyKey string
	Attempt        int
	Outcome        Outcome
	Err            error         // the handler's error, for Retried, DeadLettered and Returned
	Duration       time.Duration // from the start of the handler (or its batch) until the outcome
}

// Observer receives an Event for every delivery a consumer settles, for
// metrics and logs. It must be fast and safe for concurrent use.
type Observer func(Event)
