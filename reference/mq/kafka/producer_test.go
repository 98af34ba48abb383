package kafka

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// TestWindowBoundsUnacknowledged publishes with a window of 4 to a broker
// that cannot be reached: four messages are taken, the fifth waits for room
// until its context ends, with an error that says so; once the broker is
// back, the four are acknowledged and the window takes messages again.
func TestWindowBoundsUnacknowledged(t *testing.T) {
	brokers, _ := mqtest.Kafka(t)
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, brokers, topo)
	cutter := mqtest.NewCutter()
	cutter.Down()
	p, err := NewProducer(brokers, ProducerSettings{Window: 4, Options: []kgo.Opt{kgo.Dialer(cutter.Dial)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var receipts []*Receipt
	for i := range 4 {
		r, err := p.PublishAsync(ctx, Message{Topic: topo.Topic, Body: fmt.Append(nil, i)})
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		receipts = append(receipts, r)
	}
	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	if _, err := p.PublishAsync(short, Message{Topic: topo.Topic, Body: []byte("fifth")}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("fifth message with the window full: %v, want context.DeadlineExceeded", err)
	}
	cutter.Up()
	for i, r := range receipts {
		if err := r.Wait(ctx); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	for i := range 100 { // room again, many times over
		if err := p.Publish(ctx, Message{Topic: topo.Topic, Body: fmt.Append(nil, "more-", i)}); err != nil {
			t.Fatalf("message more-%d: %v", i, err)
		}
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestWindowManyPublishers has eight publishers share a window of 16: every
// message is acknowledged, and no publisher waits forever for room.
func TestWindowManyPublishers(t *testing.T) {
	brokers, _ := mqtest.Kafka(t)
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, brokers, topo)
	p, err := NewProducer(brokers, ProducerSettings{Window: 16})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const publishers, each = 8, 500
	errs := make(chan error, publishers)
	for w := range publishers {
		go func() {
			var receipts []*Receipt
			for i := range each {
				r, err := p.PublishAsync(ctx, Message{Topic: topo.Topic, Key: fmt.Append(nil, w), Body: fmt.Append(nil, w, "-", i)})
				if err != nil {
					errs <- err
					return
				}
				receipts = append(receipts, r)
			}
			for _, r := range receipts {
				if err := r.Wait(ctx); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range publishers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
}
