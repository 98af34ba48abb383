package rabbitmq

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

func TestPublishConfirmed(t *testing.T) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := NewPublisher(url, PublisherSettings{Window: 8, Backoff: fastBackoff})
	var receipts []*Receipt
	for range 100 {
		r, err := p.PublishAsync(ctx, Message{RoutingKey: topo.Queue, Body: []byte("x")})
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	for _, r := range receipts {
		if err := r.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if r.MessageID() == "" || r.Err() != nil {
			t.Fatalf("receipt %q: %v", r.MessageID(), r.Err())
		}
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if n := queueLen(t, dial(t, url), topo.Queue); n != 100 {
		t.Fatalf("queue holds %d messages, want 100", n)
	}
	if _, err := p.PublishAsync(ctx, Message{RoutingKey: topo.Queue}); !errors.Is(err, ErrClosed) {
		t.Fatalf("publish after Close: %v, want ErrClosed", err)
	}
}

func TestPublishUnroutable(t *testing.T) {
	url := testenv.AMQPURL(t)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := NewPublisher(url, PublisherSettings{Backoff: fastBackoff})
	defer p.Close(ctx)

	// Interleave routable and unroutable messages: only the unroutable
	// ones fail, each with its own ReturnError.
	var ok, bad []*Receipt
	for i := range 50 {
		r1, err := p.PublishAsync(ctx, Message{RoutingKey: topo.Queue})
		if err != nil {
			t.Fatal(err)
		}
		ok = append(ok, r1)
		if i%5 == 0 {
			r2, err := p.PublishAsync(ctx, Message{RoutingKey: topo.Queue + ".nowhere"})
			if err != nil {
				t.Fatal(err)
			}
			bad = append(bad, r2)
		}
	}
	for _, r := range ok {
		if err := r.Wait(ctx); err != nil {
			t.Fatalf("routable message: %v", err)
		}
	}
	for _, r := range bad {
		err := r.Wait(ctx)
		var re *ReturnError
		if !errors.Is(err, ErrUnroutable) || !errors.As(err, &re) {
			t.Fatalf("unroutable message: %v, want ErrUnroutable", err)
		}
		if re.MessageID != r.MessageID() || re.ReplyCode != 312 {
			t.Fatalf("ReturnError = %+v", re)
		}
	}

	err := p.Publish(ctx, Message{Exchange: topo.Queue + ".no-such-exchange", RoutingKey: "k"})
	if !errors.Is(err, ErrExchangeNotFound) {
		t.Fatalf("publish to missing exchange: %v, want ErrExchangeNotFound", err)
	}
	// The publisher recovers its channel and goes on.
	if err := p.Publish(ctx, Message{RoutingKey: topo.Queue}); err != nil {
		t.Fatal(err)
	}
}

// TestPublishNackedIsRetriedThenFails publishes to a queue that rejects every
// message (max length 0 with reject-publish overflow), so the broker nacks
// each attempt.
func TestPublishNackedIsRetriedThenFails(t *testing.T) {
	url := testenv.AMQPURL(t)
	conn := dial(t, url)
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	q := mqtest.Name(t)
	// Exclusive: the broker deletes it when this test's connection closes.
	if _, err := ch.QueueDeclare(q, false, false, true, false, amqp.Table{
		amqp.QueueMaxLenArg: 0, amqp.QueueOverflowArg: amqp.QueueOverflowRejectPublish,
	}); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := NewPublisher(url, PublisherSettings{MaxAttempts: 3, Backoff: fastBackoff})
	defer p.Close(ctx)
	err = p.Publish(ctx, Message{RoutingKey: q})
	if !errors.Is(err, ErrNacked) || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Fatalf("publish to a full queue: %v, want ErrNacked after 3 attempts", err)
	}
}

// TestCloseGivesUpAtDeadline stops the broker from being reachable while a
// message waits, and checks that Close returns at its deadline and fails the
// message with ErrClosed.
func TestCloseGivesUpAtDeadline(t *testing.T) {
	url := testenv.AMQPURL(t)
	proxy, viaProxy := proxied(t, url)
	topo := Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, url, topo)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := NewPublisher(viaProxy, PublisherSettings{Backoff: fastBackoff})
	if err := p.Publish(ctx, Message{RoutingKey: topo.Queue}); err != nil {
		t.Fatal(err)
	}
	_ = proxy.Close() // the broker is gone for good
	r, err := p.PublishAsync(ctx, Message{RoutingKey: topo.Queue})
	if err != nil {
		t.Fatal(err)
	}

	closeCtx, cancelClose := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelClose()
	err = p.Close(closeCtx)
	if !errors.Is(err, ErrClosed) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close = %v, want ErrClosed and DeadlineExceeded", err)
	}
	if err := r.Wait(ctx); !errors.Is(err, ErrClosed) {
		t.Fatalf("unconfirmed message: %v, want ErrClosed", err)
	}
}

// TestPublishGivesUpAtItsDeadline publishes to a broker that never answers:
// Publish returns at its context's deadline with an error that says whether
// the message was sent.
func TestPublishGivesUpAtItsDeadline(t *testing.T) {
	// No broker needed: nothing listens on port 1.
	p := NewPublisher("amqp://guest:guest@127.0.0.1:1/", PublisherSettings{Window: 1, Backoff: fastBackoff})
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_ = p.Close(ctx)
	}()
	for _, c := range []struct{ id, want string }{
		{"first", "no confirm for message first yet"},              // it waits in the window
		{"second", "message second not sent, confirm window full"}, // the window of 1 is full
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		err := p.Publish(ctx, Message{ID: c.id, RoutingKey: "q"})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Publish = %v, want DeadlineExceeded and %q", err, c.want)
		}
	}
}

func TestPublishInvalidHeaders(t *testing.T) {
	// No broker needed: the message is refused before it reaches the loop.
	p := NewPublisher("amqp://guest:guest@127.0.0.1:1/", PublisherSettings{Backoff: fastBackoff})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	defer p.Close(ctx)
	_, err := p.PublishAsync(ctx, Message{Headers: amqp.Table{"bad": struct{}{}}})
	if err == nil || !strings.Contains(err.Error(), "bad") {
		t.Fatalf("PublishAsync with an unsupported header type: %v, want an error naming it", err)
	}
}
