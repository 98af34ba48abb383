package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Topology describes a topic with retry topics and a dead-letter topic:
//
//	producer ──► Topic ──► Consumer ──ok──► offset committed
//	                         │ retryable error, attempt n < MaxAttempts
//	                         ▼
//	             Topic.retry.n ──► Consumer, once the record is RetryDelays[n-1] old
//	                         │ poison error or last attempt failed
//	                         ▼
//	                   Topic.dlt (with the reason, the last error, the attempt
//	                              count and when the first attempt failed)
//
// Kafka has no delayed delivery and no dead-letter queue: the Consumer
// produces a failed record to the retry topic of its attempt, consumes the
// retry topics too, and handles a retried record only when it has waited
// its delay (pausing that partition until then). Every record in one retry
// topic waits the same delay, so none waits behind a longer one.
//
// A retry takes the record out of its partition's order: the records after
// it are handled before it. Where per-key order matters, use no retry
// topics (RetryDelays empty, so failures go to the dead-letter topic at
// once, and replay them in order), or make the handler tolerate it (compare
// a version in the message with the stored one).
type Topology struct {
	// Topic is the main topic's name. Required.
	Topic string
	// RetryDelays are the delays before attempts 2, 3, …; the message is
	// tried len(RetryDelays)+1 times in all. Nil means 1s, 10s, 1m, 10m
	// (five attempts); an empty non-nil slice means no retries.
	RetryDelays []time.Duration
	// Partitions is the partition count Declare creates each topic with.
	// Zero means 6. The partition count bounds how many consumers of one
	// group share the work.
	Partitions int32
	// ReplicationFactor is what Declare creates each topic with. Zero
	// means the broker's default (default.replication.factor).
	ReplicationFactor int16
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

// RetryTopic is the topic that holds messages between attempt n and n+1
// (n starts at 1).
func (t Topology) RetryTopic(n int) string { return fmt.Sprintf("%s.retry.%d", t.Topic, n) }

// DeadLetterTopic is the name of the dead-letter topic.
func (t Topology) DeadLetterTopic() string { return t.Topic + ".dlt" }

// Topics lists the topics of the topology: the main topic, the retry topics
// and the dead-letter topic.
func (t Topology) Topics() []string {
	topics := []string{t.Topic}
	for n := range t.retryDelays() {
		topics = append(topics, t.RetryTopic(n+1))
	}
	return append(topics, t.DeadLetterTopic())
}

// retryTopic reports whether topic is retry topic n of t, and its delay.
func (t Topology) retryTopic(topic string) (delay time.Duration, ok bool) {
	rest, ok := strings.CutPrefix(topic, t.Topic+".retry.")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 1 || n > len(t.retryDelays()) {
		return 0, false
	}
	return t.retryDelays()[n-1], true
}

// Declare creates the topics that do not exist yet. It does not change
// existing ones: a partition count that differs is left as it is.
func (t Topology) Declare(ctx context.Context, cl *kgo.Client) error {
	if t.Topic == "" {
		return errors.New("kafka: topology needs a topic name")
	}
	partitions, rf := t.Partitions, t.ReplicationFactor
	if partitions <= 0 {
		partitions = 6
	}
	if rf <= 0 {
		rf = -1
	}
	resp, err := kadm.NewClient(cl).CreateTopics(ctx, partitions, rf, nil, t.Topics()...)
	if err != nil {
		return fmt.Errorf("kafka: declare topology for %q: %w", t.Topic, err)
	}
	var errs []error
	for _, r := range resp.Sorted() {
		if r.Err != nil && !errors.Is(r.Err, kerr.TopicAlreadyExists) {
			errs = append(errs, fmt.Errorf("kafka: create topic %q: %w", r.Topic, r.Err))
		}
	}
	return errors.Join(errs...)
}
