package sqs

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// fastBackoff keeps retries in tests short without spinning.
func fastBackoff(int) time.Duration { return 20 * time.Millisecond }

// queueName is a queue name for the test (SQS allows 80 characters).
func queueName(t testing.TB, fifo bool) string {
	n := strings.ReplaceAll(mqtest.Name(t), "_", "-")
	if len(n) > 60 {
		n = n[len(n)-60:]
	}
	if fifo {
		n += ".fifo"
	}
	return n
}

// declare declares topo and deletes its queues at cleanup.
func declare(t testing.TB, cl *sqs.Client, topo Topology) URLs {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	urls, err := topo.Declare(ctx, cl)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, u := range []string{urls.Queue, urls.DeadLetter} {
			_, _ = cl.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: aws.String(u)})
		}
	})
	return urls
}

// runConsumer starts c and returns a function that stops it and returns
// Run's error.
func runConsumer(t *testing.T, c *Consumer) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				t.Fatal("consumer did not stop")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// receiveAll receives from url until it has n distinct message IDs, deleting
// what it reads, and returns the deliveries.
func receiveAll(t testing.TB, cl *sqs.Client, url string, fifo bool, n int) []Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out []Delivery
	ids := map[string]bool{}
	for len(ids) < n {
		res, err := cl.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
			WaitTimeSeconds: 1, MessageAttributeNames: []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll}})
		if err != nil {
			t.Fatalf("%d of %d messages in %s: %v", len(ids), n, url, err)
		}
		for _, m := range res.Messages {
			d := newDelivery(m, fifo)
			ids[d.MessageID] = true
			out = append(out, d)
			if _, err := cl.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				// The receipt expired (a slow machine outlasted the
				// visibility timeout): the message comes back and is
				// counted once, by its ID.
				t.Logf("delete from %s: %v", url, err)
			}
		}
	}
	return out
}

// insertEffect is a TxHandler that writes one effect row per message.
func insertEffect(ctx context.Context, tx *sql.Tx, d Delivery) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO effects (key) VALUES ($1)`, d.MessageID)
	return err
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
