package rabbitmq

import (
	"errors"
	"fmt"
)

var (
	// ErrClosed is returned by a Publisher that was closed, and recorded for
	// messages whose outcome was still unknown when Close gave up waiting.
	ErrClosed = errors.New("rabbitmq: publisher closed")

	// ErrUnroutable is returned for a mandatory message that the broker could
	// not route to any queue. The concrete error is a *ReturnError.
	ErrUnroutable = errors.New("rabbitmq: message unroutable")

	// ErrNacked is returned for a message that the broker negatively
	// acknowledged on every one of PublisherSettings.MaxAttempts attempts.
	ErrNacked = errors.New("rabbitmq: message nacked by broker")

	// ErrUnconfirmed is returned for a message whose outcome was lost with the
	// connection on every one of PublisherSettings.MaxAttempts attempts. The
	// broker may or may not hold a copy.
	ErrUnconfirmed = errors.New("rabbitmq: message not confirmed")

	// ErrExchangeNotFound is returned for a message published to an exchange
	// that does not exist.
	ErrExchangeNotFound = errors.New("rabbitmq: exchange not found")

	// ErrPoison marks a handler error as permanent: the message goes to the
	// dead-letter queue at once instead of being retried. Wrap errors with
	// Poison, test them with errors.Is(err, ErrPoison).
	ErrPoison = errors.New("rabbitmq: poison message")

	// ErrShutdownTimeout is returned by Consumer.Run when in-flight handlers did
	// not finish within ConsumerSettings.ShutdownTimeout. Their messages stay
	// unacknowledged and the broker delivers them again.
	ErrShutdownTimeout = errors.New("rabbitmq: handlers still running at shutdown deadline")
)

// Poison marks err as permanent: the Consumer sends the message to the
// dead-letter queue without further attempts. Poison(nil) is nil.
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

// ReturnError describes a mandatory message that the broker returned as
// unroutable. It matches ErrUnroutable with errors.Is.
type ReturnError struct {
	MessageID  string // the returned message's ID
	Exchange   string // where it was published
	RoutingKey string
	ReplyCode  uint16 // the broker's reason, usually 312 (NO_ROUTE)
	ReplyText  string
}

// Error describes the returned message and the broker's reason.
func (e *ReturnError) Error() string {
	return fmt.Sprintf("rabbitmq: message %s returned by exchange %q with routing key %q: %d %s",
		e.MessageID, e.Exchange, e.RoutingKey, e.ReplyCode, e.ReplyText)
}

// Unwrap returns ErrUnroutable.
func (e *ReturnError) Unwrap() error { return ErrUnroutable }

// PanicError is the failure recorded when a Handler panics. The Consumer
// treats it like any other retryable error.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the goroutine's stack at the panic
}

// Error includes the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("rabbitmq: handler panicked: %v", e.Value) }

// Unwrap returns the panic value when it is an error, so that errors.Is sees it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
