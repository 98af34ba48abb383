package rabbitmq

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
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
			return mq.Poison(errors.New("schema v2 not supported"))
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
	// Inspecting leaves them in place.
	conn := dial(t, url)
	if n := queueLen(t, conn, topo.DeadLetterQueue()); n != 3 {
		t.Fatalf("%d dead letters after inspection, want 3", n)
	}

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
		if d.Attempt != 1 || headerInt(d.Headers, HeaderReplays) != 1 || d.Headers[mq.HeaderLastError] != nil || d.IdempotencyKey != id {
			t.Errorf("replayed %s: attempt %d, headers %v", id, d.Attempt, d.Headers)
		}
	}
	mu.Unlock()
	left := deadLetters(t, url, topo, 1)
	if left[0].MessageID != "c" {
		t.Fatalf("left in DLQ: %s, want c", left[0].MessageID)
	}
}

// TestDeadLettersStayThroughInspectionAndReturns inspects the dead-letter
// queue more often than a quorum queue's default delivery limit (20 since
// RabbitMQ 4.0), and returns a dead letter to it by hand as often (as a tool
// that crashed while holding it would). Inspection must not requeue what it
// reads (a requeued message comes back marked redelivered), and every dead
// letter must stay, with its reason. On RabbitMQ 3.10 a quorum queue has no
// default limit, so there the declaration check below is what tells a
// quorum DLQ, which 4.x would empty, from a classic one.
func TestDeadLettersStayThroughInspectionAndReturns(t *testing.T) {
	const rounds = 25
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := dial(t, url)
	pub := NewPublisher(url, PublisherSettings{Backoff: fastBackoff})
	defer pub.Close(ctx)
	for _, id := range []string{"a", "b"} {
		if err := pub.Publish(ctx, Message{ID: id, Exchange: topo.DeadLetterExchange(), RoutingKey: topo.Queue,
			Headers: amqp.Table{mq.HeaderDeadLetterReason: "poison"}}); err != nil {
			t.Fatal(err)
		}
	}

	redelivered := 0
	for range rounds {
		dls, err := InspectDeadLetters(ctx, conn, pub, topo, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(dls) != 2 || dls[0].MessageID != "a" || dls[1].MessageID != "b" {
			t.Fatalf("inspection returned %v, want a and b in order", dls)
		}
		for _, dl := range dls {
			if dl.Redelivered {
				redelivered++
			}
			if dl.Reason != "poison" {
				t.Fatalf("dead letter %s: reason %q after inspection, want poison", dl.MessageID, dl.Reason)
			}
		}
	}

	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	for range rounds {
		d, ok, err := ch.Get(topo.DeadLetterQueue(), false)
		if err != nil || !ok {
			t.Fatalf("get: %v, %v", ok, err)
		}
		if err := d.Nack(false, true); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, 10*time.Second, "returned dead letter to be ready", func() bool {
		return queueLen(t, conn, topo.DeadLetterQueue()) == 2
	})
	t.Logf("%d inspections of 2 dead letters, %d deliveries marked redelivered; %d returns by hand; 2 still there",
		rounds, redelivered, rounds)
	if redelivered > 0 {
		t.Errorf("inspection requeued: %d deliveries came back redelivered", redelivered)
	}

	// The DLQ must be a classic queue: declaring it as one conflicts with
	// any other type.
	if _, err := ch.QueueDeclare(topo.DeadLetterQueue(), true, false, false, false,
		amqp.Table{amqp.QueueTypeArg: string(Classic)}); err != nil {
		t.Fatalf("the dead-letter queue is not a classic queue: %v", err)
	}
}
