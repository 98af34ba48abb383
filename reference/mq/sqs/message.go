package sqs

import (
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// AttributeContentType is the message attribute that carries the MIME type.
const AttributeContentType = "content-type"

// Message is what a Publisher sends. SQS allows ten message attributes:
// this package uses up to seven (mq's header names and
// AttributeContentType), which leaves three for Attributes.
type Message struct {
	// ID is sent in the mq.HeaderMessageID attribute and, on FIFO queues,
	// as MessageDeduplicationId. Empty means a new ID (NewID). SQS's own
	// MessageId is new for every send, so give a stable ID when the same
	// logical message may be sent again.
	ID string
	// IdempotencyKey is sent in mq.HeaderIdempotencyKey when it differs
	// from ID. Empty means ID.
	IdempotencyKey string
	// GroupID is the MessageGroupId of a FIFO queue: messages of one group
	// are delivered in order, one at a time. Required on FIFO queues,
	// ignored on standard ones.
	GroupID string
	// Delay hides the message for that long after sending (standard
	// queues only; at most 15 minutes).
	Delay       time.Duration
	ContentType string // MIME type of Body
	// Body must be valid UTF-8 text (SQS's limit); encode binary bodies,
	// for example in base64.
	Body       []byte
	Attributes map[string]string
}

// NewID returns a new message ID (see mq.NewID).
func NewID() string { return mq.NewID() }

// errNotText is returned for a body SQS cannot carry.
var errNotText = errors.New("sqs: body is not valid UTF-8 text")

// attributes returns m's message attributes, filling in ID and key.
func (m *Message) attributes() map[string]types.MessageAttributeValue {
	if m.ID == "" {
		m.ID = NewID()
	}
	if m.IdempotencyKey == "" {
		m.IdempotencyKey = m.ID
	}
	a := map[string]types.MessageAttributeValue{}
	for k, v := range m.Attributes {
		a[k] = text(v)
	}
	a[mq.HeaderMessageID] = text(m.ID)
	if m.IdempotencyKey != m.ID { // consumers default the key to the ID
		a[mq.HeaderIdempotencyKey] = text(m.IdempotencyKey)
	}
	if m.ContentType != "" {
		a[AttributeContentType] = text(m.ContentType)
	}
	return a
}

func text(v string) types.MessageAttributeValue {
	return types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
}

// Delivery is a received message as a handler sees it. Deleting it is the
// Consumer's job.
type Delivery struct {
	MessageID      string // mq.HeaderMessageID, or SQS's MessageId when absent
	IdempotencyKey string // mq.HeaderIdempotencyKey, or MessageID when absent
	// Attempt is mq.HeaderAttempt on standard queues, and SQS's
	// ApproximateReceiveCount on FIFO queues, where a retry is the same
	// message received again. It is 1 on the first delivery.
	Attempt      int
	ReceiveCount int    // ApproximateReceiveCount
	GroupID      string // MessageGroupId (FIFO queues)
	ContentType  string
	Attributes   map[string]string // all string message attributes, including this package's
	Body         []byte

	receipt string
}

func newDelivery(m types.Message, fifo bool) Delivery {
	a := map[string]string{}
	for k, v := range m.MessageAttributes {
		a[k] = aws.ToString(v.StringValue)
	}
	d := Delivery{
		MessageID:      a[mq.HeaderMessageID],
		IdempotencyKey: a[mq.HeaderIdempotencyKey],
		Attempt:        1,
		GroupID:        m.Attributes[string(types.MessageSystemAttributeNameMessageGroupId)],
		ContentType:    a[AttributeContentType],
		Attributes:     a,
		Body:           []byte(aws.ToString(m.Body)),
		receipt:        aws.ToString(m.ReceiptHandle),
	}
	if d.MessageID == "" {
		d.MessageID = aws.ToString(m.MessageId)
	}
	if d.IdempotencyKey == "" {
		d.IdempotencyKey = d.MessageID
	}
	d.ReceiveCount, _ = strconv.Atoi(m.Attributes[string(types.MessageSystemAttributeNameApproximateReceiveCount)])
	if n, err := strconv.Atoi(a[mq.HeaderAttempt]); err == nil && n > 1 && !fifo {
		d.Attempt = n
	}
	if fifo && d.ReceiveCount > 1 {
		d.Attempt = d.ReceiveCount
	}
	return d
}

// moved returns the copy of d that carries it to its next attempt or to the
// dead-letter queue after its attempt failed with err.
func (d *Delivery) moved(attempt int, err error, reason string, now time.Time) Message {
	a := map[string]string{}
	for k, v := range d.Attributes {
		switch k {
		case mq.HeaderMessageID, mq.HeaderIdempotencyKey, AttributeContentType:
		default:
			a[k] = v
		}
	}
	a[mq.HeaderAttempt] = strconv.Itoa(attempt)
	a[mq.HeaderLastError] = mq.ErrorText(err)
	if a[mq.HeaderFirstFailure] == "" {
		a[mq.HeaderFirstFailure] = now.UTC().Format(time.RFC3339Nano)
	}
	if reason != "" {
		a[mq.HeaderDeadLetterReason] = reason
	}
	return Message{ID: d.MessageID, IdempotencyKey: d.IdempotencyKey, GroupID: d.GroupID,
		ContentType: d.ContentType, Body: d.Body, Attributes: a}
}

func validBody(b []byte) error {
	if !utf8.Valid(b) {
		return errNotText
	}
	return nil
}
