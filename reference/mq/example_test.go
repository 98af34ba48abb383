package mq_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// Exponential backoff with full jitter stays below its ceiling.
func ExampleExponential() {
	backoff := mq.Exponential(100*time.Millisecond, 2*time.Second)
	for n := 1; n <= 6; n++ {
		d := backoff(n)
		ceiling := min(100*time.Millisecond<<(n-1), 2*time.Second)
		fmt.Println(n, d > 0 && d <= ceiling, ceiling)
	}
	// Output:
	// 1 true 100ms
	// 2 true 200ms
	// 3 true 400ms
	// 4 true 800ms
	// 5 true 1.6s
	// 6 true 2s
}

var errUnknownSKU = errors.New("unknown SKU")

// A handler marks errors that no retry can fix with Poison; every broker's
// consumer sends such messages straight to the dead-letter destination.
func ExamplePoison() {
	err := mq.Poison(fmt.Errorf("order 42: %w", errUnknownSKU))
	fmt.Println(errors.Is(err, mq.ErrPoison), errors.Is(err, errUnknownSKU))
	fmt.Println(err)
	// Output:
	// true true
	// order 42: unknown SKU
}
