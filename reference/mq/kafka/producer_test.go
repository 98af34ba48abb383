package kafka

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
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

// TestRecordOutlivesItsPublisherContext cancels the publisher's context
// right after PublishAsync, while the broker is unreachable: the message is
// still sent once the broker is back, and the record's context still
// carries the publisher's values (a tracing hook reads its span there).
func TestRecordOutlivesItsPublisherContext(t *testing.T) {
	brokers, _ := mqtest.Kafka(t)
	topo := Topology{Topic: mqtest.Name(t), RetryDelays: []time.Duration{}}
	declare(t, brokers, topo)
	cutter := mqtest.NewCutter()
	cutter.Down()
	type traceKey struct{}
	var traced atomic.Value
	hook := bufferedHook(func(r *kgo.Record) { traced.Store(r.Context.Value(traceKey{})) })
	p, err := NewProducer(brokers, ProducerSettings{Options: []kgo.Opt{kgo.Dialer(cutter.Dial), kgo.WithHooks(hook)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), traceKey{}, "span-1"))
	r, err := p.PublishAsync(ctx, Message{Topic: topo.Topic, Body: []byte("kept")})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if got := traced.Load(); got != "span-1" {
		t.Errorf("the record's context carries %v, want the publisher's span-1", got)
	}
	cutter.Up()
	wait, stop := context.WithTimeout(context.Background(), 60*time.Second)
	defer stop()
	if err := r.Wait(wait); err != nil {
		t.Fatalf("message published with a context canceled since: %v", err)
	}
	if got := readTopic(t, brokers, topo.Topic, 1); string(got[0].Body) != "kept" {
		t.Fatalf("read %q", got[0].Body)
	}
	if err := p.Close(wait); err != nil {
		t.Fatal(err)
	}
}

// bufferedHook calls a function with each record the client buffers.
type bufferedHook func(*kgo.Record)

func (h bufferedHook) OnProduceRecordBuffered(r *kgo.Record) { h(r) }
