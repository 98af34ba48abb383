package clock_test

import (
	"context"
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// A Fake clock lets code that waits run at once in tests.
func ExampleFake() {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	c := clock.NewFake(start)

	var waiter clock.Clock = c // what the code under test gets
	_ = waiter.Sleep(context.Background(), 3*time.Second)
	c.Advance(time.Minute)

	fmt.Println(c.Sleeps())
	fmt.Println(c.Now().Sub(start))
	// Output:
	// [3s]
	// 1m3s
}
