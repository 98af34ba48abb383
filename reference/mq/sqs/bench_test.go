package sqs

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// BenchmarkPublish compares this package's Publisher.PublishBatch with the
// SDK's own SendMessageBatch loop (ten entries a request, each checked for
// failure) in the same run against the same server: 256-character bodies.
func BenchmarkPublish(b *testing.B) {
	cl, _ := mqtest.SQS(b)
	topo := Topology{Queue: queueName(b, false)}
	urls := declare(b, cl, topo)
	body := strings.Repeat("x", 256)
	ctx := context.Background()
	purge := func(b *testing.B) {
		b.StopTimer()
		_, _ = cl.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(urls.Queue)})
	}

	b.Run("sdk", func(b *testing.B) {
		for start := 0; start < b.N; start += 10 {
			in := &sqs.SendMessageBatchInput{QueueUrl: aws.String(urls.Queue)}
			for i := start; i < min(start+10, b.N); i++ {
				in.Entries = append(in.Entries, types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i - start)), MessageBody: aws.String(body)})
			}
			out, err := cl.SendMessageBatch(ctx, in)
			if err != nil || len(out.Failed) > 0 {
				b.Fatal(err, out)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		purge(b)
	})
	b.Run("publisher", func(b *testing.B) {
		p := NewPublisher(cl, urls.Queue, false, PublisherSettings{})
		msgs := make([]Message, 0, 10)
		for start := 0; start < b.N; start += 10 {
			msgs = msgs[:0]
			for range min(10, b.N-start) {
				msgs = append(msgs, Message{Body: []byte(body)})
			}
			if err := p.PublishBatch(ctx, msgs); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		purge(b)
	})
}
