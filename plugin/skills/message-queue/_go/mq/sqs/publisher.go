package sqs

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// PublisherSettings configures a Publisher. The zero value is ready to use.
type PublisherSettings struct {
	// MaxAttempts bounds how often PublishBatch sends an entry that SQS
	// reported as failed in a partial batch failure. Zero means 5.
	MaxAttempts int
	// Backoff gives the pause before attempt n+1 of the failed entries.
	// Nil means mq.DefaultBackoff.
	Backoff mq.Backoff
}

// Publisher sends messages to one queue. A message counts as sent when
// SQS's response listed it as successful: SQS has stored it redundantly
// by then. The SDK retries throttling and network errors itself; a batch
// send can also fail for some entries only (a partial batch failure), and
// PublishBatch sends those again. Every message keeps its ID across these
// attempts, so a standard queue's consumers can drop a copy, and a FIFO
// queue drops it itself within its five-minute deduplication window.
type Publisher struct {
	cl   *sqs.Client
	url  string
	fifo bool
	s    PublisherSettings
}

// NewPublisher returns a Publisher to the queue at queueURL; fifo says
// whether it is a FIFO queue (Topology.FIFO).
func NewPublisher(cl *sqs.Client, queueURL string, fifo bool, s PublisherSettings) *Publisher {
	if s.MaxAttempts <= 0 {
		s.MaxAttempts = 5
	}
	if s.Backoff == nil {
		s.Backoff = mq.DefaultBackoff
	}
	return &Publisher{cl: cl, url: queueURL, fifo: fifo, s: s}
}

// Publish sends m and returns once SQS stored it.
func (p *Publisher) Publish(ctx context.Context, m Message) error {
	if err := p.check(&m); err != nil {
		return err
	}
	in := &sqs.SendMessageInput{QueueUrl: aws.String(p.url), MessageBody: aws.String(string(m.Body)),
		MessageAttributes: m.attributes()}
	if p.fifo {
		in.MessageGroupId, in.MessageDeduplicationId = aws.String(m.GroupID), aws.String(m.ID)
	} else if m.Delay > 0 {
		in.DelaySeconds = int32(min(m.Delay.Seconds(), 900))
	}
	if _, err := p.cl.SendMessage(ctx, in); err != nil {
		return fmt.Errorf("sqs: send %s: %w", m.ID, err)
	}
	return nil
}

func (p *Publisher) check(m *Message) error {
	if err := validBody(m.Body); err != nil {
		return err
	}
	if p.fifo && m.GroupID == "" {
		return errors.New("sqs: a message to a FIFO queue needs a GroupID")
	}
	return nil
}

// BatchError lists the messages of a PublishBatch that were not sent.
type BatchError struct {
	Failed map[string]error // by message ID
}

// Error counts the failures and shows one.
func (e *BatchError) Error() string {
	for id, err := range e.Failed {
		return fmt.Sprintf("sqs: %d messages not sent, %s: %v", len(e.Failed), id, err)
	}
	return "sqs: no message failed"
}

// PublishBatch sends msgs with SendMessageBatch, ten per request (SQS's
// limit), in order. Entries that SQS reports as failed are sent again, up
// to MaxAttempts, unless SQS says the sender is at fault. It returns nil
// when every message was sent, a *BatchError naming the ones that were not,
// or the request's error.
func (p *Publisher) PublishBatch(ctx context.Context, msgs []Message) error {
	failed := map[string]error{}
	for start := 0; start < len(msgs); start += 10 {
		chunk := make([]Message, 0, 10)
		for _, m := range msgs[start:min(start+10, len(msgs))] {
			if err := p.check(&m); err != nil {
				m.attributes() // fills in the ID
				failed[m.ID] = err
				continue
			}
			chunk = append(chunk, m)
		}
		for n := 1; len(chunk) > 0; n++ {
			again, err := p.sendBatch(ctx, chunk, failed, n == p.s.MaxAttempts)
			if err != nil {
				return err
			}
			chunk = again
			if len(chunk) > 0 && mq.Sleep(ctx, p.s.Backoff(n)) != nil {
				return ctx.Err()
			}
		}
	}
	if len(failed) > 0 {
		return &BatchError{Failed: failed}
	}
	return nil
}

// sendBatch sends up to ten messages in one request and returns those to
// send again; permanent failures, and all failures on the last attempt, go
// into failed.
func (p *Publisher) sendBatch(ctx context.Context, chunk []Message, failed map[string]error, last bool) ([]Message, error) {
	in := &sqs.SendMessageBatchInput{QueueUrl: aws.String(p.url)}
	for i := range chunk {
		m := &chunk[i]
		e := types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)),
			MessageBody: aws.String(string(m.Body)), MessageAttributes: m.attributes()}
		if p.fifo {
			e.MessageGroupId, e.MessageDeduplicationId = aws.String(m.GroupID), aws.String(m.ID)
		} else if m.Delay > 0 {
			e.DelaySeconds = int32(min(m.Delay.Seconds(), 900))
		}
		in.Entries = append(in.Entries, e)
	}
	out, err := p.cl.SendMessageBatch(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("sqs: send batch of %d: %w", len(chunk), err)
	}
	var again []Message
	for _, f := range out.Failed {
		i, err := strconv.Atoi(aws.ToString(f.Id))
		if err != nil || i < 0 || i >= len(chunk) {
			continue
		}
		cause := fmt.Errorf("sqs: %s: %s", aws.ToString(f.Code), aws.ToString(f.Message))
		if f.SenderFault || last {
			failed[chunk[i].ID] = cause
			continue
		}
		again = append(again, chunk[i])
	}
	return again, nil
}
