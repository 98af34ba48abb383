package rabbitmq

import (
	"context"
	"math/rand/v2"
	"time"
)

// Backoff returns how long to wait before reconnect attempt n (n starts at 1).
// Settings take a Backoff so that tests can make reconnects immediate.
type Backoff func(n int) time.Duration

// Exponential returns a Backoff with "full jitter": a random duration between
// zero and min(max, initial·2^(n-1)). Randomness keeps many clients that lost
// the same broker from reconnecting in lockstep.
func Exponential(initial, max time.Duration) Backoff {
	return func(n int) time.Duration {
		ceiling := initial
		for i := 1; i < n && ceiling < max; i++ {
			ceiling *= 2
		}
		ceiling = min(ceiling, max)
		if ceiling <= 0 {
			return 0
		}
		return rand.N(ceiling) + 1
	}
}

// defaultBackoff is used where a settings struct leaves Backoff nil.
var defaultBackoff = Exponential(100*time.Millisecond, 10*time.Second)

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
