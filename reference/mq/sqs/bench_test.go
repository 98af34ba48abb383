package sqs

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// BenchmarkPublish compares this package's Publisher.PublishBatch with the
// SDK's own SendMessageBatch loop (ten entries a request, each checked for
// failure) in the same run against the same server: 256-character bodies.
// Each runs twice: against the server in the process, where the client's
// CPU time is all there is, and with every answer held back 2 ms
// (mqtest.LatencyDialer), as from an SQS endpoint in the same region.
func BenchmarkPublish(b *testing.B) {
	local, _ := mqtest.SQS(b)
	topo := Topology{Queue: queueName(b, false)}
	urls := declare(b, local, topo)
	body := strings.Repeat("x", 256)
	ctx := context.Background()
	purge := func(b *testing.B) {
		b.StopTimer()
		_, _ = local.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(urls.Queue)})
	}

	for _, rtt := range []time.Duration{0, 2 * time.Millisecond} {
		cl := local
		if rtt > 0 {
			cl = sqs.New(local.Options(), func(o *sqs.Options) {
				o.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: mqtest.LatencyDialer(rtt), MaxIdleConnsPerHost: 4}}
			})
		}
		b.Run(fmt.Sprintf("sdk/rtt=%v", rtt), func(b *testing.B) {
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
		b.Run(fmt.Sprintf("publisher/rtt=%v", rtt), func(b *testing.B) {
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
}
