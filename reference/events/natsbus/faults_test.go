package natsbus_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/internal/faultproxy"
	"github.com/skillcheck-dev/skillcheck/reference/internal/liveness"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
)

// proxiedJetStream connects to the test server through a fault proxy. It
// reconnects as fast as the cuts come: by default nats.go waits two seconds
// before it reconnects to a server it was connected to.
func proxiedJetStream(t *testing.T) (*faultproxy.Proxy, jetstream.JetStream) {
	t.Helper()
	raw := testenv.NATSURL(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	viaProxy, err := proxy.URL(raw)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(viaProxy, nats.MaxReconnects(-1), nats.ReconnectWait(10*time.Millisecond), nats.ReconnectJitter(0, 0),
		nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {})) // the cuts' write errors, expected here
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return proxy, js
}

// storedMessages returns how many messages the stream holds.
func storedMessages(t *testing.T, js jetstream.JetStream, stream string) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

// TestFaultPublishReturnsDespiteLostAcks publishes 3,000 events one at a
// time, as a relay does, through a proxy that cuts the connection every
// 50 ms, with a context whose deadline is ten minutes away. An
// acknowledgement lost with a cut must fail that publish after the
// Publisher's Timeout; the event is then published again until it is
// acknowledged, and JetStream's duplicate window keeps one copy. Before the
// fix nats.go, seeing the caller's deadline, dropped its own default
// timeout, and the first lost acknowledgement held the publisher until that
// deadline.
func TestFaultPublishReturnsDespiteLostAcks(t *testing.T) {
	testenv.FaultRun(t)
	const total = 3000
	js, stream, prefix := jetStream(t)
	proxy, viaProxy := proxiedJetStream(t)
	evs := make([]events.Event, total)
	for i := range evs {
		evs[i] = order(t, orders.Source, fmt.Sprint("o", i), orders.CreatedV2, v2A)
	}
	pub := natsbus.NewPublisher(viaProxy, natsbus.PublisherSettings{Prefix: prefix, Timeout: 200 * time.Millisecond})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var acked, failed atomic.Int64
	done := make(chan struct{})
	cutter := proxy.CutEvery(50*time.Millisecond, 0)
	go func() {
		defer close(done)
		for _, e := range evs {
			for ctx.Err() == nil {
				if err := pub.Publish(ctx, e); err != nil {
					failed.Add(1)
					continue
				}
				acked.Add(1)
				break
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute): // the liveness bound
	}
	cuts, conns := cutter.Stop()
	select {
	case <-done:
	default:
		t.Fatalf("%d cuts (%d connections); the publisher is stuck: %d of %d events acknowledged, %d publishes failed",
			cuts, conns, acked.Load(), total, failed.Load())
	}
	stored := int(storedMessages(t, js, stream))
	t.Logf("%d cuts (%d connections); sent %d, acknowledged %d, failed publishes %d (published again); stored %d, duplicated %d, lost %d",
		cuts, conns, total, acked.Load(), failed.Load(), stored, max(0, stored-total), max(0, total-stored))
	if stored != total {
		t.Fatalf("stream holds %d messages, want %d: one per event", stored, total)
	}
}

// countingPublisher passes events on and counts the acknowledged ones.
type countingPublisher struct {
	outbox.Publisher
	mu    sync.Mutex
	acked map[events.Key]int
}

func (c *countingPublisher) Publish(ctx context.Context, e events.Event) error {
	if err := c.Publisher.Publish(ctx, e); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.acked[e.Key()]++
	return nil
}

// TestFaultRelaysWithDeadlinesDrain relays 10,000 events from an outbox in
// PostgreSQL with three relays whose contexts have a deadline ten minutes
// away, publishing to JetStream through a proxy that cuts the connection
// every 50 ms. The natsbus Publisher is given an hour per publish, so what
// frees a relay after a lost acknowledgement is the relay's own
// PublishTimeout. The outbox must drain, never standing still for 30 s, with
// every event stored once.
// Before the fix each lost acknowledgement parked a relay until its
// context's deadline, and with three relays parked the outbox stopped.
func TestFaultRelaysWithDeadlinesDrain(t *testing.T) {
	testenv.FaultRun(t)
	const total, relays = 10_000, 3
	js, stream, prefix := jetStream(t)
	proxy, viaProxy := proxiedJetStream(t)
	ctx := context.Background()
	db := dbtest.Open(t, sqldb.Postgres)
	var relayErrors atomic.Int64
	box, err := outbox.New(db, sqldb.Postgres, outbox.Settings{
		PollInterval: 10 * time.Millisecond, PublishTimeout: 200 * time.Millisecond,
		OnError: func(error) { relayErrors.Add(1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := box.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	const perTx = 500
	for first := 0; first < total; first += perTx {
		err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
			for i := first; i < first+perTx; i++ {
				if err := box.Add(ctx, tx, order(t, orders.Source, fmt.Sprint("o", i), orders.CreatedV2, v2A)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	pub := &countingPublisher{
		Publisher: natsbus.NewPublisher(viaProxy, natsbus.PublisherSettings{Prefix: prefix, Timeout: time.Hour}),
		acked:     map[events.Key]int{},
	}
	relayCtx, stopRelays := context.WithTimeout(ctx, 10*time.Minute)
	defer stopRelays()
	var wg sync.WaitGroup
	for range relays {
		wg.Go(func() { _ = box.Relay(pub).Run(relayCtx) })
	}
	cutter := proxy.CutEvery(50*time.Millisecond, 0)
	left := total
	stuck := liveness.Await(20*time.Millisecond, 30*time.Second, func() (int, error) {
		left, err = box.Pending(ctx)
		return left, err
	})
	cuts, conns := cutter.Stop()
	stopRelays()
	wg.Wait()

	stored := storedMessages(t, js, stream)
	pub.mu.Lock()
	defer pub.mu.Unlock()
	publishes := 0
	for _, n := range pub.acked {
		publishes += n
	}
	// An event is lost when its row is gone and the stream does not hold it.
	lost := max(0, total-left-int(stored))
	t.Logf("%d cuts (%d connections); %d relays; sent %d, left in the outbox %d, acknowledged %d distinct in %d publishes (%d duplicated); stored %d, lost %d; %d relay errors",
		cuts, conns, relays, total, left, len(pub.acked), publishes, publishes-len(pub.acked), stored, lost, relayErrors.Load())
	if stuck != nil {
		t.Fatalf("%d of %d events still in the outbox: %v (the relays are parked)", left, total, stuck)
	}
	if stored != total || len(pub.acked) != total {
		t.Fatalf("stream holds %d messages, %d events acknowledged; want %d of each", stored, len(pub.acked), total)
	}
}
