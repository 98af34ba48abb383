package rabbitmq

import (
	"maps"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// HeaderReplays counts how often DLQ tooling replayed a message. The other
// headers this package reads and writes are package mq's: HeaderAttempt,
// HeaderIdempotencyKey, HeaderLastError, HeaderFirstFailure and
// HeaderDeadLetterReason. Dead-letter tools that put a message back into the
// dead-letter queue keep the broker's x-death reason ("delivery_limit",
// "rejected", …) in mq.HeaderDeadLetterReason.
const HeaderReplays = "x-replays"

// Message is what a Publisher sends. Every message leaves with a message ID
// and an idempotency key, and is marked persistent.
type Message struct {
	// Exchange and RoutingKey address the message; the empty Exchange is the
	// broker's default exchange, which routes by queue name.
	Exchange   string
	RoutingKey string

	// ID becomes the AMQP message-id. Empty means a new ID (NewID).
	// Give a stable ID when the same logical message may be published again
	// (for example after a crash), so that consumers can drop the duplicate.
	ID string
	// IdempotencyKey is sent in mq.HeaderIdempotencyKey. Empty means ID.
	IdempotencyKey string

	ContentType string // MIME type of Body, for example "application/json"
	Body        []byte
	// Headers are copied; the Publisher adds mq.HeaderIdempotencyKey.
	Headers amqp.Table
}

// NewID returns a new message ID (see mq.NewID).
func NewID() string { return mq.NewID() }

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
	h[mq.HeaderIdempotencyKey] = m.IdempotencyKey
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
	IdempotencyKey string     // mq.HeaderIdempotencyKey, or MessageID when absent
	Attempt        int        // mq.HeaderAttempt, 1 on the first delivery
	Redelivered    bool       // the broker delivered it before, unacknowledged
	Exchange       string     // the exchange it was last published to
	RoutingKey     string     // the routing key it was last published with
	ContentType    string     // MIME type of Body
	Timestamp      time.Time  // the AMQP timestamp property, if the publisher set one
	Headers        amqp.Table // all headers, including this package's
	Body           []byte
}

func newDelivery(d *amqp.Delivery) Delivery {
	key, _ := d.Headers[mq.HeaderIdempotencyKey].(string)
	if key == "" {
		key = d.MessageId
	}
	return Delivery{
		MessageID:      d.MessageId,
		IdempotencyKey: key,
		Attempt:        max(1, headerInt(d.Headers, mq.HeaderAttempt)),
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

// moved returns the copy of d that carries it to exchange and key after
// its attempt failed with err: attempt in mq.HeaderAttempt, the failure in
// mq.HeaderLastError and, the first time, mq.HeaderFirstFailure, and the
// reason, if any, in mq.HeaderDeadLetterReason.
func (d *Delivery) moved(exchange, key string, attempt int, err error, reason string, now time.Time) Message {
	m := d.message(exchange, key)
	m.Headers[mq.HeaderAttempt] = int32(attempt)
	m.Headers[mq.HeaderLastError] = mq.ErrorText(err)
	if _, ok := m.Headers[mq.HeaderFirstFailure]; !ok {
		m.Headers[mq.HeaderFirstFailure] = now.UTC().Format(time.RFC3339Nano)
	}
	if reason != "" {
		m.Headers[mq.HeaderDeadLetterReason] = reason
	}
	return m
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
