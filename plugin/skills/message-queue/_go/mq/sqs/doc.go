// Package sqs sends and receives Amazon SQS messages so that none is lost
// and, together with an idempotent handler, none takes effect twice. It is a
// reference implementation on github.com/aws/aws-sdk-go-v2/service/sqs with
// the consumer contract of package mq, the same as reference/mq/rabbitmq's:
//
//   - Publisher sends one message or batches of ten, and sends again the
//     entries of a partial batch failure.
//   - Topology creates a queue and its dead-letter queue with a redrive
//     policy (maxReceiveCount), standard or FIFO (".fifo").
//   - Consumer long-polls, extends the visibility timeout of messages whose
//     handlers are still running (a heartbeat), deletes handled messages in
//     batches, retries failures with growing delays and dead-letters them
//     with their reason, and shuts down within a deadline. NewTxConsumer
//     adds group commit through package idempotency, and NewBulkTxConsumer
//     group commit with one handler call per batch.
//
// # Guarantees SQS does not give
//
// Standard queues deliver at least once and in no order. FIFO queues keep
// order per message group and drop a repeated MessageDeduplicationId for five
// minutes; a copy after that, and any redelivery, still arrives.
//
// # Tests
//
// The tests run goaws (github.com/Admiral-Piett/goaws) inside the test
// process; SQS_ENDPOINT (with AWS_REGION and credentials) runs them
// against real SQS. goaws differs from SQS: ApproximateReceiveCount is
// always 1; visibility timeouts expire on a one-second tick, a visibility
// of 0 is refused and ChangeMessageVisibilityBatch is missing; FIFO queues
// return no MessageGroupId and keep only the latest received group locked;
// redrive moves a message when its visibility expires for the
// maxReceiveCount-th time. The tests name these where they matter.
package sqs
