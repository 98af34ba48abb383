package mq

import (
	"context"
	"sync"
)

// Completion is the outcome of an operation that ends later, such as a
// publish waiting for the broker's acknowledgement: completed once, read by
// any number of goroutines. The zero value is pending.
//
// The channel that Done returns is made only when someone asks for it
// before the outcome is known: a publisher that checks its receipts after
// they completed allocates no channel per message.
type Completion struct {
	mu       sync.Mutex
	done     chan struct{}
	complete bool
	err      error
}

// Complete records the outcome; only the first call counts.
func (c *Completion) Complete(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.complete {
		return
	}
	c.err, c.complete = err, true
	if c.done != nil {
		close(c.done)
	}
}

// Done returns a channel that is closed once the outcome is known.
func (c *Completion) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = make(chan struct{})
		if c.complete {
			close(c.done)
		}
	}
	return c.done
}

// Err returns the outcome once it is known, and nil before.
func (c *Completion) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Wait blocks until the outcome is known, then returns it with known true,
// or until ctx is done first: then known is false.
func (c *Completion) Wait(ctx context.Context) (known bool, err error) {
	c.mu.Lock()
	if c.complete {
		defer c.mu.Unlock()
		return true, c.err
	}
	c.mu.Unlock()
	select {
	case <-c.Done():
		return true, c.Err()
	case <-ctx.Done():
		return false, nil
	}
}
