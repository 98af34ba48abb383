package rabbitmq

import (
	"context"
	"database/sql"
	"net"
	"strconv"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/faultproxy"
)

// fastBackoff keeps reconnects in tests short without spinning.
func fastBackoff(int) time.Duration { return 20 * time.Millisecond }

// dial connects to the test broker and closes the connection at cleanup.
func dial(t testing.TB, url string) *amqp.Connection {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := Dial(ctx, url, t.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// declare declares topo on the broker at url and deletes it at cleanup.
func declare(t testing.TB, url string, topo Topology) {
	t.Helper()
	conn := dial(t, url)
	// Registered first: a declaration that fails halfway leaves entities too.
	t.Cleanup(func() {
		// The broker is shared: leave nothing behind. A quorum queue's
		// delete can fail transiently under load, so try twice.
		var err error
		for range 2 {
			if err = deleteTopology(url, topo); err == nil {
				return
			}
			time.Sleep(time.Second)
		}
		t.Errorf("cleanup: %v", err)
	})
	// Quorum queues take a while to declare when the machine is loaded.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := topo.Declare(ctx, conn); err != nil {
		t.Fatal(err)
	}
}

func deleteTopology(url string, topo Topology) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := Dial(ctx, url, "cleanup")
	if err != nil {
		return err
	}
	defer c.Close()
	return topo.Delete(ctx, c)
}

// proxied starts a fault proxy in front of the test broker and returns it
// with the broker URL that goes through it.
func proxied(t testing.TB, url string) (*faultproxy.Proxy, string) {
	t.Helper()
	u, err := amqp.ParseURI(url)
	if err != nil {
		t.Fatal(err)
	}
	p, err := faultproxy.Start(net.JoinHostPort(u.Host, strconv.Itoa(u.Port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	pu, err := p.URL(url)
	if err != nil {
		t.Fatal(err)
	}
	return p, pu
}

// queueLen reports how many ready messages queue holds.
func queueLen(t testing.TB, conn *amqp.Connection, queue string) int {
	t.Helper()
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	q, err := ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	return q.Messages
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// insertEffect is a TxHandler that writes one effect row per message.
func insertEffect(ctx context.Context, tx *sql.Tx, d Delivery) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO effects (key) VALUES ($1)`, d.MessageID)
	return err
}
