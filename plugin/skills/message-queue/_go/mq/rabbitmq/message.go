package rabbitmq

import (
	"crypto/rand"
	"maps"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// Header names that this package reads and writes.
const (
	// HeaderIdempotencyKey carries the key under which consumers deduplicate
	// the operation a message asks for. It defaults to the message ID.
	HeaderIdempotencyKey = "idempotency-key"
	// HeaderAttempt is the 1-based number of the delivery attempt the
	// message is on; the Consumer increments it on every retry.
	HeaderAttempt = "x-attempt"
	// HeaderLastError holds the text of the handler error that sent the
	// message to a retry queue or to the dead-letter queue.
	HeaderLastError = "x-last-error"
	// HeaderDeadLetterReason says why the Consumer dead-lettered a message:
	// "poison" (the handler returned an error wrapped by Poison) or
	// "exhausted" (the last attempt failed). Dead-letter tools that put a
	// message back into the dead-letter queue keep the broker's x-death
	// reason here ("delivery_limit", "rejected", …).
	HeaderDeadLetterReason = "x-dead-letter-reason"
	// HeaderReplays counts how often DLQ tooling replayed the message.
	HeaderReplays = "x-replays"
)

// maxErrorHeader bounds the size of HeaderLastError.
const maxErrorHeader = 1024

// Message is what a Publisher sends. Every message leaves with a message ID
// and an idempotency key, and is marked persistent.
type Message struct {
	// Exchange and RoutingKey address the message; the empty Exchange is the
	// broker's default exchange, which routes by queue name.
	Exchange   string
	RoutingKey string

	// ID becomes the AMQP message-id. Empty means a random ID is generated.
	// Give a stable ID when the same logical message may be published again
	// (for example after a crash), so that consumers can drop the duplicate.
	ID string
	// IdempotencyKey is sent in HeaderIdempotencyKey. Empty means ID.
	IdempotencyKey string

	ContentType string // MIME type of Body, for example "application/json"
	Body        []byte
	// Headers are copied; the Publisher adds HeaderIdempotencyKey.
	Headers amqp.Table
}

// NewID returns a random message ID (26 characters, 130 bits of entropy).
func NewID() string { return rand.Text() }

// publishing converts m to the wire form, filling in ID and key.
func (m *Message) publishing() amqp.Publishing {
	if m.ID == "" {
		m.ID = NewID()
	}
	if m.IdempotencyKey == "" {
		m.IdempotencyKey = m.ID
	}
	h := amqp.Table{}
	maps.Copy(h, m.Headers)
	h[HeaderIdempotencyKey] = m.IdempotencyKey
	return amqp.Publishing{
		MessageId:    m.ID,
		Headers:      h,
		ContentType:  m.ContentType,
		Body:         m.Body,
		DeliveryMode: amqp.Persistent,
	}
}

// Delivery is a received message as a Handler sees it. Acknowledgement is the
// Consumer's job, so a Delivery has no Ack method.
type Delivery struct {
	MessageID      string     // the AMQP message-id
	IdempotencyKey string     // HeaderIdempotencyKey, or MessageID when absent
	Attempt        int        // HeaderAttempt, 1 on the first delivery
	Redelivered    bool       // the broker delivered it before, unacknowledged
	Exchange       string     // the exchange it was last published to
	RoutingKey     string     // the routing key it was last published with
	ContentType    string     // MIME type of Body
	Timestamp      time.Time  // the AMQP timestamp property, if the publisher set one
	Headers        amqp.Table // all headers, including this package's
	Body           []byte
}

func newDelivery(d *amqp.Delivery) Delivery {
	key, _ := d.Headers[HeaderIdempotencyKey].(string)
	if key == "" {
		key = d.MessageId
	}
	return Delivery{
		MessageID:      d.MessageId,
		IdempotencyKey: key,
		Attempt:        max(1, headerInt(d.Headers, HeaderAttempt)),
		Redelivered:    d.Redelivered,
		Exchange:       d.Exchange,
		RoutingKey:     d.RoutingKey,
		ContentType:    d.ContentType,
		Timestamp:      d.Timestamp,
		Headers:        d.Headers,
		Body:           d.Body,
	}
}

// message turns a delivery back into a Message that keeps its ID, key,
// headers and body, for republishing to exchange and key.
func (d *Delivery) message(exchange, key string) Message {
	h := amqp.Table{}
	maps.Copy(h, d.Headers)
	return Message{
		Exchange:       exchange,
		RoutingKey:     key,
		ID:             d.MessageID,
		IdempotencyKey: d.IdempotencyKey,
		ContentType:    d.ContentType,
		Body:           d.Body,
		Headers:        h,
	}
}

// headerInt reads an integer header whatever integer type the broker or
// another client used; it returns 0 when the header is absent.
func headerInt(h amqp.Table, name string) int {
	switch v := h[name].(type) {
	case int:
		return v
	case int8:
		return int(v)
	case int16:
		return int(v)
	case int32:
		return int(v)
	case int64:
		return int(v)
	case uint8:
		return int(v)
	case uint16:
		return int(v)
	case uint32:
		return int(v)
	}
	return 0
}
