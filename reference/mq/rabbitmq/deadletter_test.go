package rabbitmq

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

func TestInspectAndReplayDeadLetters(t *testing.T) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	var fixed atomic.Bool
	var mu sync.Mutex
	done := map[string]Delivery{}
	c := NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
		if !fixed.Load() {
			return Poison(errors.New("schema v2 not supported"))
		}
		mu.Lock()
		done[d.MessageID] = d
		mu.Unlock()
		return nil
	}, ConsumerSettings{Backoff: fastBackoff})
	runConsumer(t, c)
	publishAll(t, url,
		Message{ID: "a", RoutingKey: topo.Queue, Body: []byte("A")},
		Message{ID: "b", RoutingKey: topo.Queue, Body: []byte("B")},
		Message{ID: "c", RoutingKey: topo.Queue, Body: []byte("C")})

	dls := deadLetters(t, url, topo, 3)
	for _, dl := range dls {
		if dl.Reason != "poison" || dl.LastError != "schema v2 not supported" {
			t.Fatalf("dead letter %s: reason %q, last error %q", dl.MessageID, dl.Reason, dl.LastError)
		}
	}
	// Inspecting leaves them in place (the broker makes them ready again
	// asynchronously).
	conn := dial(t, url)
	eventually(t, 10*time.Second, "inspected messages to be ready again", func() bool {
		return queueLen(t, conn, topo.DeadLetterQueue()) == 3
	})

	// The bug is fixed: replay a and b, leave c.
	fixed.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pub := NewPublisher(url, PublisherSettings{Backoff: fastBackoff})
	defer pub.Close(ctx)
	n, err := ReplayDeadLetters(ctx, conn, pub, topo, ReplayOptions{
		Filter: func(dl DeadLetter) bool { return dl.MessageID != "c" },
	})
	if err != nil || n != 2 {
		t.Fatalf("replay = %d, %v; want 2", n, err)
	}
	eventually(t, 10*time.Second, "replayed messages", func() bool { mu.Lock(); defer mu.Unlock(); return len(done) == 2 })
	mu.Lock()
	for _, id := range []string{"a", "b"} {
		d := done[id]
		if d.Attempt != 1 || headerInt(d.Headers, HeaderReplays) != 1 || d.Headers[HeaderLastError] != nil || d.IdempotencyKey != id {
			t.Errorf("replayed %s: attempt %d, headers %v", id, d.Attempt, d.Headers)
		}
	}
	mu.Unlock()
	left := deadLetters(t, url, topo, 1)
	if left[0].MessageID != "c" {
		t.Fatalf("left in DLQ: %s, want c", left[0].MessageID)
	}
}
