package mqtest

import (
	"context"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
)

// Kafka returns the seed brokers of a Kafka cluster for the test:
// KAFKA_BROKERS (comma-separated host:port) when it is set, so that the
// tests run against a real cluster; otherwise an in-process Kafka-protocol
// cluster (github.com/twmb/franz-go/pkg/kfake) on a loopback port, started
// here and closed at cleanup, returned as cluster for tests that inject
// faults through it (nil for a real cluster). With KAFKA_BROKERS set and
// unreachable, the test skips, or fails under REQUIRE_SERVICES=1.
func Kafka(t testing.TB, opts ...kfake.Opt) (brokers []string, cluster *kfake.Cluster) {
	t.Helper()
	if env := os.Getenv("KAFKA_BROKERS"); env != "" {
		brokers = strings.Split(env, ",")
		conn, err := net.DialTimeout("tcp", brokers[0], 2*time.Second)
		if err != nil {
			msg := "KAFKA_BROKERS unreachable at %s (%v); unset it to use the in-process cluster"
			if testenv.Required() {
				t.Fatalf(msg, brokers[0], err)
			}
			t.Skipf(msg, brokers[0], err)
		}
		_ = conn.Close()
		return brokers, nil
	}
	c, err := kfake.NewCluster(append([]kfake.Opt{
		kfake.NumBrokers(1),
		kfake.GroupMinSessionTimeout(time.Second), // killed members leave quickly
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs(), c
}

// GroupOptions are franz-go options for test consumers: short session and
// heartbeat so that a killed member's partitions move within seconds.
func GroupOptions() []kgo.Opt {
	return []kgo.Opt{
		kgo.SessionTimeout(3 * time.Second),
		kgo.HeartbeatInterval(300 * time.Millisecond),
		kgo.RebalanceTimeout(20 * time.Second),
		kgo.RetryBackoffFn(func(int) time.Duration { return 50 * time.Millisecond }),
	}
}

// Cutter is a dialer for franz-go clients (kgo.Dialer) whose connections a
// test can cut all at once, and which can refuse new ones for a while, as
// a broker that went away would.
type Cutter struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
	down  atomic.Bool
	cuts  atomic.Int64
}

// NewCutter returns a Cutter with no connections.
func NewCutter() *Cutter { return &Cutter{conns: map[net.Conn]struct{}{}} }

// Dial is the kgo.Dialer function.
func (c *Cutter) Dial(ctx context.Context, network, host string) (net.Conn, error) {
	if c.down.Load() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: os.ErrDeadlineExceeded}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, host)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.conns[conn] = struct{}{}
	c.mu.Unlock()
	return &trackedConn{Conn: conn, c: c}, nil
}

// Cut closes every live connection and reports how many it closed.
func (c *Cutter) Cut() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.conns)
	for conn := range c.conns {
		_ = conn.Close()
	}
	clear(c.conns)
	if n > 0 {
		c.cuts.Add(1)
	}
	return n
}

// Down cuts every connection and refuses new ones until Up.
func (c *Cutter) Down() { c.down.Store(true); c.Cut() }

// Up accepts connections again.
func (c *Cutter) Up() { c.down.Store(false) }

// Cuts reports how many Cut calls closed at least one connection.
func (c *Cutter) Cuts() int { return int(c.cuts.Load()) }

type trackedConn struct {
	net.Conn
	c *Cutter
}

func (t *trackedConn) Close() error {
	t.c.mu.Lock()
	delete(t.c.conns, t.Conn)
	t.c.mu.Unlock()
	return t.Conn.Close()
}
