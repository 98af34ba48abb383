package kafka_test

import (
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/mq/kafka"
)

// A Topology names its retry and dead-letter topics and bounds the attempts.
func ExampleTopology() {
	topo := kafka.Topology{Topic: "orders", RetryDelays: []time.Duration{time.Second, time.Minute}}
	fmt.Println(topo.MaxAttempts())
	fmt.Println(topo.Topics())
	// Output:
	// 3
	// [orders orders.retry.1 orders.retry.2 orders.dlt]
}
