package clock

import (
	"context"
	"sync"
	"time"
)

// Fake is a Clock for tests. Its time moves only when Advance is called or
// when a caller sleeps: Sleep moves the fake time forward by the requested
// duration and returns at once, so code that backs off runs without waiting.
// Every requested sleep is recorded for assertions. A Fake is safe for
// concurrent use.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// NewFake returns a Fake whose time starts at start.
func NewFake(start time.Time) *Fake {
	return &Fake{now: start}
}

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Since returns the fake time elapsed since t.
func (f *Fake) Since(t time.Time) time.Duration {
	return f.Now().Sub(t)
}

// Advance moves the fake time forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Sleep records d and, unless ctx has already ended, moves the fake time
// forward by d (when positive) and returns nil. When ctx has ended it returns
// ctx.Err() and leaves the time alone.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		f.now = f.now.Add(d)
	}
	return nil
}

// Sleeps returns the durations passed to Sleep so far, oldest first.
func (f *Fake) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}
