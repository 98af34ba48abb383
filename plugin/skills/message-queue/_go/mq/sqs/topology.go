package sqs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// Topology describes a queue and its dead-letter queue:
//
//	producer ──► Queue ──► Consumer ──ok──► DeleteMessageBatch
//	               ▲          │ retryable error, attempt n < MaxAttempts
//	               └──────────┘ standard: a copy with DelaySeconds RetryDelays[n-1]
//	                            FIFO: the visibility timeout set to the delay
//	                          │ poison error or last attempt failed
//	                          ▼
//	                   Queue-dlq (a copy with the reason), then the original deleted
//
// The queue's redrive policy also sends a message to the dead-letter queue
// after MaxReceiveCount receives without a delete: a message that crashes
// every consumer that takes it never reaches a handler's verdict.
//
// A name that ends in ".fifo" makes FIFO queues: order per message group
// (Message.GroupID) and deduplication of a repeated MessageDeduplicationId
// (the message ID) for five minutes. Standard queues deliver at least once
// and in no order.
type Topology struct {
	// Queue is the queue's name. Required; ".fifo" at the end for FIFO.
	Queue string
	// RetryDelays are the delays before attempts 2, 3, …; the message is
	// tried len(RetryDelays)+1 times in all. Nil means 1s, 10s, 1m, 10m
	// (five attempts); an empty non-nil slice means no retries. On a
	// standard queue a delay above 15 minutes (SQS's DelaySeconds limit)
	// waits 15 minutes.
	RetryDelays []time.Duration
	// VisibilityTimeout is the queue's: how long a received message stays
	// hidden. The Consumer extends it while a handler runs. Zero means 30s.
	VisibilityTimeout time.Duration
	// MaxReceiveCount is the redrive policy's limit. Zero means
	// MaxAttempts+5, above the attempts a handler's verdicts use.
	MaxReceiveCount int
}

var defaultRetryDelays = []time.Duration{time.Second, 10 * time.Second, time.Minute, 10 * time.Minute}

func (t Topology) retryDelays() []time.Duration {
	if t.RetryDelays == nil {
		return defaultRetryDelays
	}
	return t.RetryDelays
}

// MaxAttempts is how often a message is handed to the handler before it is
// dead-lettered: len(RetryDelays)+1.
func (t Topology) MaxAttempts() int { return len(t.retryDelays()) + 1 }

// FIFO reports whether the queues are FIFO queues.
func (t Topology) FIFO() bool { return strings.HasSuffix(t.Queue, ".fifo") }

// DeadLetterQueue is the dead-letter queue's name: Queue-dlq, before
// ".fifo" for FIFO queues (a FIFO queue needs a FIFO dead-letter queue).
func (t Topology) DeadLetterQueue() string {
	if name, ok := strings.CutSuffix(t.Queue, ".fifo"); ok {
		return name + "-dlq.fifo"
	}
	return t.Queue + "-dlq"
}

func (t Topology) visibility() time.Duration {
	if t.VisibilityTimeout <= 0 {
		return 30 * time.Second
	}
	return t.VisibilityTimeout
}

// URLs are the queue URLs that Declare returns.
type URLs struct {
	Queue, DeadLetter string
}

// Declare creates the dead-letter queue and the queue with its redrive
// policy, or returns their URLs when they exist. Creating an existing queue
// with other attributes fails with SQS's QueueNameExists error.
func (t Topology) Declare(ctx context.Context, cl *sqs.Client) (URLs, error) {
	if t.Queue == "" {
		return URLs{}, errors.New("sqs: topology needs a queue name")
	}
	fifo := map[string]string{}
	if t.FIFO() {
		fifo[string(types.QueueAttributeNameFifoQueue)] = "true"
	}
	dlq, err := cl.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(t.DeadLetterQueue()), Attributes: attrs(fifo, map[string]string{
		string(types.QueueAttributeNameMessageRetentionPeriod): strconv.Itoa(14 * 24 * 3600), // the maximum: dead letters wait for people
	})})
	if err != nil {
		return URLs{}, fmt.Errorf("sqs: create queue %q: %w", t.DeadLetterQueue(), err)
	}
	arn, err := cl.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl,
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		return URLs{}, fmt.Errorf("sqs: queue %q: %w", t.DeadLetterQueue(), err)
	}
	limit := t.MaxReceiveCount
	if limit <= 0 {
		limit = t.MaxAttempts() + 5
	}
	redrive, _ := json.Marshal(map[string]string{
		"deadLetterTargetArn": arn.Attributes[string(types.QueueAttributeNameQueueArn)],
		"maxReceiveCount":     strconv.Itoa(limit),
	})
	q, err := cl.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(t.Queue), Attributes: attrs(fifo, map[string]string{
		string(types.QueueAttributeNameVisibilityTimeout): strconv.Itoa(int(t.visibility().Seconds())),
		string(types.QueueAttributeNameRedrivePolicy):     string(redrive),
	})})
	if err != nil {
		return URLs{}, fmt.Errorf("sqs: create queue %q: %w", t.Queue, err)
	}
	return URLs{Queue: aws.ToString(q.QueueUrl), DeadLetter: aws.ToString(dlq.QueueUrl)}, nil
}

func attrs(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
