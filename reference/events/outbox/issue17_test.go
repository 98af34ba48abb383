package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// The tests in this file use only the API that the outbox had before issue
// 17, so that each of them can be run against that code and shown to fail
// there.

var errRejected = errors.New("the broker rejects this event")

// rejecting publishes to a consumer, except the events it rejects.
type rejecting struct {
	*consumer
	reject map[string]bool // event ids
}

func (r rejecting) Publish(ctx context.Context, e events.Event) error {
	if r.reject[e.ID] {
		return errRejected
	}
	return r.consumer.Publish(ctx, e)
}

// One row that the publisher always rejects must not hold back the rows
// behind it: before the fix it was released first again on every pass, and
// after five passes none of the three rows had been published.
func TestPoisonRowDoesNotBlockTheOutbox(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			db, o := setup(t, d, outbox.Settings{Clock: clock.NewFake(t0)})
			c := newConsumer(t, db)
			for i := range 3 {
				if err := sell(ctx, db, o, ev(t, i)); err != nil {
					t.Fatal(err)
				}
			}
			relay := o.Relay(rejecting{consumer: c, reject: map[string]bool{"e0": true}})
			published := 0
			for range 5 {
				n, _ := relay.RelayOnce(ctx)
				published += n
			}
			if published != 2 {
				t.Fatalf("after 5 passes %d of the 2 good events were published", published)
			}
		})
	}
}

// The inbox records when each event was handled, so that old entries can be
// expired: before the fix the table had no time column at all.
func TestInboxRecordsWhenAnEventWasHandled(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			db, _ := setup(t, d, outbox.Settings{})
			c := newConsumer(t, db)
			if err := c.Publish(ctx, ev(t, 1)); err != nil {
				t.Fatal(err)
			}
			var handledAt int64
			if err := db.QueryRowContext(ctx, "SELECT handled_at FROM inbox").Scan(&handledAt); err != nil {
				t.Fatalf("the inbox keeps no time: %v", err)
			}
			if at := time.UnixMilli(handledAt); time.Since(at).Abs() > time.Minute {
				t.Fatalf("handled_at is %v, not about now", at)
			}
		})
	}
}
