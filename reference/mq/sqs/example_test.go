package sqs_test

import (
	"fmt"

	"github.com/skillcheck-dev/skillcheck/reference/mq/sqs"
)

// A FIFO queue's dead-letter queue is a FIFO queue too.
func ExampleTopology() {
	for _, q := range []string{"orders", "orders.fifo"} {
		topo := sqs.Topology{Queue: q}
		fmt.Println(topo.FIFO(), topo.DeadLetterQueue(), topo.MaxAttempts())
	}
	// Output:
	// false orders-dlq 5
	// true orders-dlq.fifo 5
}
