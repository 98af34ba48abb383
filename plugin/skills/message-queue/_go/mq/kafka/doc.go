// Package kafka produces and consumes Kafka records so that none is lost
// and, together with an idempotent handler, none takes effect twice. It is
// a reference implementation on github.com/twmb/franz-go with the consumer
// contract of package mq, the same as reference/mq/rabbitmq's:
//
//   - Producer sends with acks=all through the idempotent producer, in a
//     bounded window of unacknowledged records, keyed so that one entity's
//     messages share a partition and its order.
//   - Topology names the topic, its retry topics (one per delay) and its
//     dead-letter topic, and creates them.
//   - Consumer is a consumer-group member with the cooperative-sticky
//     balancer. It commits an offset only once every record before it is
//     settled (handled, or moved to a retry or the dead-letter topic with
//     acks=all), commits on partition revocation, blocks rebalances while a
//     poll's records are handled, and shuts down within a deadline.
//     NewTxConsumer adds group commit through package idempotency, and
//     NewBulkTxConsumer group commit with one handler call per batch.
//
// # Guarantees Kafka does not give
//
// Order holds per partition until a record is retried: a retried record is
// handled after the records behind it. The idempotent producer drops only
// its own retried requests within one producer session. Every record whose
// offset was not committed (a crash, a lost member) is delivered again.
//
// # Tests
//
// The tests start an in-process Kafka-protocol cluster
// (github.com/twmb/franz-go/pkg/kfake); KAFKA_BROKERS=host:port,… runs them
// against a real cluster instead (the tests that inject faults through
// kfake's hooks then inject only connection faults). kfake answers like a
// single-broker cluster with no replication, so acks=all is acknowledged by
// one node; its group coordinator, offsets, cooperative rebalances and
// idempotent producer follow the protocol. In our runs, kfake's produce
// fault hooks (NOT_LEADER_FOR_PARTITION on every produce request) stalled
// the producer, so the fault run injects fetch and offset-commit faults
// only.
package kafka
