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
)

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
