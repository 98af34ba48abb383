package kafka

import (
	"fmt"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// Headers that this package reads and writes besides those of package mq.
const (
	// HeaderContentType is the MIME type of the body.
	HeaderContentType = "content-type"
	// HeaderOriginalTopic, HeaderOriginalPartition and HeaderOriginalOffset
	// say where a retried or dead-lettered record was first consumed.
	HeaderOriginalTopic     = "x-original-topic"
	HeaderOriginalPartition = "x-original-partition"
	HeaderOriginalOffset    = "x-original-offset"
)

// Message is what a Producer sends.
type Message struct {
	// Topic is where the message goes. Required.
	Topic string
	// Key chooses the partition: messages with the same key go to the same
	// partition and are consumed in the order they were produced. Use the
	// ID of the entity the message is about ("order-1042"). Nil spreads
	// messages over partitions with no order between them.
	Key []byte

	// ID is sent in mq.HeaderMessageID. Empty means a new ID (NewID). Give a
	// stable ID when the same logical message may be produced again (after
	// a timeout or a crash), so that consumers can drop the duplicate.
	ID string
	// IdempotencyKey is sent in mq.HeaderIdempotencyKey when it differs
	// from ID. Empty means ID.
	IdempotencyKey string

	ContentType string // MIME type of Body, sent in HeaderContentType
	Body        []byte
	// Headers are sent as record headers besides the ones above.
	Headers map[string]string
}

// NewID returns a new message ID (see mq.NewID).
func NewID() string { return mq.NewID() }

// record converts m to a record, filling in ID and key.
func (m *Message) record() *kgo.Record {
	if m.ID == "" {
		m.ID = NewID()
	}
	if m.IdempotencyKey == "" {
		m.IdempotencyKey = m.ID
	}
	r := &kgo.Record{Topic: m.Topic, Key: m.Key, Value: m.Body}
	for k, v := range m.Headers {
		r.Headers = append(r.Headers, kgo.RecordHeader{Key: k, Value: []byte(v)})
	}
	r.Headers = append(r.Headers, kgo.RecordHeader{Key: mq.HeaderMessageID, Value: []byte(m.ID)})
	if m.IdempotencyKey != m.ID { // consumers default the key to the ID
		r.Headers = append(r.Headers, kgo.RecordHeader{Key: mq.HeaderIdempotencyKey, Value: []byte(m.IdempotencyKey)})
	}
	if m.ContentType != "" {
		r.Headers = append(r.Headers, kgo.RecordHeader{Key: HeaderContentType, Value: []byte(m.ContentType)})
	}
	return r
}

// Delivery is a consumed record as a handler sees it. Committing its offset
// is the Consumer's job.
type Delivery struct {
	MessageID      string // mq.HeaderMessageID, or topic-partition-offset when absent
	IdempotencyKey string // mq.HeaderIdempotencyKey, or MessageID when absent
	Attempt        int    // mq.HeaderAttempt, 1 on the first delivery
	Topic          string // the topic it was consumed from (a retry topic on later attempts)
	Partition      int32
	Offset         int64
	Key            []byte
	ContentType    string
	Timestamp      time.Time         // when it was produced (to this topic)
	Headers        map[string]string // all headers, including this package's
	Body           []byte
}

func newDelivery(r *kgo.Record) Delivery {
	h := make(map[string]string, len(r.Headers))
	for _, rh := range r.Headers {
		h[rh.Key] = string(rh.Value)
	}
	d := Delivery{
		MessageID:      h[mq.HeaderMessageID],
		IdempotencyKey: h[mq.HeaderIdempotencyKey],
		Attempt:        1,
		Topic:          r.Topic,
		Partition:      r.Partition,
		Offset:         r.Offset,
		Key:            r.Key,
		ContentType:    h[HeaderContentType],
		Timestamp:      r.Timestamp,
		Headers:        h,
		Body:           r.Value,
	}
	if d.MessageID == "" {
		d.MessageID = fmt.Sprintf("%s-%d-%d", r.Topic, r.Partition, r.Offset)
	}
	if d.IdempotencyKey == "" {
		d.IdempotencyKey = d.MessageID
	}
	if n, err := strconv.Atoi(h[mq.HeaderAttempt]); err == nil && n > 1 {
		d.Attempt = n
	}
	return d
}

// moved returns the record that carries d to topic after its attempt failed
// with err: the same key, body and headers, the message ID and key made
// explicit, and the failure recorded.
func (d *Delivery) moved(topic string, attempt int, err error, reason string, now time.Time) *kgo.Record {
	h := map[string]string{}
	for k, v := range d.Headers {
		h[k] = v
	}
	h[mq.HeaderMessageID] = d.MessageID
	h[mq.HeaderIdempotencyKey] = d.IdempotencyKey
	h[mq.HeaderAttempt] = strconv.Itoa(attempt)
	h[mq.HeaderLastError] = mq.ErrorText(err)
	if h[mq.HeaderFirstFailure] == "" {
		h[mq.HeaderFirstFailure] = now.UTC().Format(time.RFC3339Nano)
	}
	if reason != "" {
		h[mq.HeaderDeadLetterReason] = reason
	}
	if h[HeaderOriginalTopic] == "" {
		h[HeaderOriginalTopic] = d.Topic
		h[HeaderOriginalPartition] = strconv.Itoa(int(d.Partition))
		h[HeaderOriginalOffset] = strconv.FormatInt(d.Offset, 10)
	}
	r := &kgo.Record{Topic: topic, Key: d.Key, Value: d.Body}
	for k, v := range h {
		r.Headers = append(r.Headers, kgo.RecordHeader{Key: k, Value: []byte(v)})
	}
	return r
}
