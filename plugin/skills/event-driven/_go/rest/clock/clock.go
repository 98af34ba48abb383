package clock

import (
	"context"
	"time"
)

// Clock tells the time and waits.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Since returns the time elapsed since t. For the system clock it reads
	// only the monotonic clock, which is cheaper than Now.
	Since(t time.Time) time.Duration
	// Sleep waits for d or until ctx ends, whichever comes first. It returns
	// nil after a full wait and ctx.Err() when ctx ended first.
	Sleep(ctx context.Context, d time.Duration) error
}

// System is the clock of the operating system.
var System Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Since(t time.Time) time.Duration { return time.Since(t) }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
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
