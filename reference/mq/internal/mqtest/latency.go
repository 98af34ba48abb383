package mqtest

import (
	"context"
	"net"
	"os"
	"sync"
	"time"
)

// LatencyDialer returns a dialer whose connections deliver what the server
// sends rtt after it arrived, as a broker one network round trip away
// would: requests leave at once, so a client that pipelines them keeps
// doing so, and only the answers wait. It is for benchmarks that compare a
// client with a wrapper around it at a realistic distance from the broker.
func LatencyDialer(rtt time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		c := &delayedConn{Conn: conn, rtt: rtt, chunks: make(chan chunk, 1024), closed: make(chan struct{})}
		go c.pump()
		return c, nil
	}
}

// chunk is what one read of the real connection returned, and when the
// reader may have it.
type chunk struct {
	data []byte
	err  error
	at   time.Time
}

// delayedConn is a connection whose reads lag the real ones by rtt. Read
// deadlines are its own: the real connection reads ahead without one.
type delayedConn struct {
	net.Conn
	rtt    time.Duration
	chunks chan chunk
	rest   []byte
	err    error

	mu       sync.Mutex
	deadline time.Time
	closed   chan struct{}
	once     sync.Once
}

func (c *delayedConn) pump() {
	for {
		buf := make([]byte, 64<<10)
		n, err := c.Conn.Read(buf)
		select {
		case c.chunks <- chunk{data: buf[:n], err: err, at: time.Now().Add(c.rtt)}:
		case <-c.closed:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read returns the next bytes once they are due, or an error matching
// os.ErrDeadlineExceeded when the read deadline passes first.
func (c *delayedConn) Read(p []byte) (int, error) {
	if len(c.rest) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		c.mu.Lock()
		deadline := c.deadline
		c.mu.Unlock()
		var expire <-chan time.Time
		if !deadline.IsZero() {
			t := time.NewTimer(time.Until(deadline))
			defer t.Stop()
			expire = t.C
		}
		select {
		case ch := <-c.chunks:
			if wait := time.Until(ch.at); wait > 0 {
				time.Sleep(wait)
			}
			c.rest, c.err = ch.data, ch.err
		case <-expire:
			return 0, os.ErrDeadlineExceeded
		case <-c.closed:
			return 0, net.ErrClosed
		}
		if len(c.rest) == 0 {
			return 0, c.err
		}
	}
	n := copy(p, c.rest)
	c.rest = c.rest[n:]
	return n, nil
}

// SetDeadline sets the write deadline of the real connection and the read
// deadline of this one.
func (c *delayedConn) SetDeadline(t time.Time) error {
	_ = c.SetReadDeadline(t)
	return c.Conn.SetWriteDeadline(t)
}

// SetReadDeadline sets the deadline Read honours.
func (c *delayedConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadline = t
	c.mu.Unlock()
	return nil
}

// Close closes the real connection and stops the reader.
func (c *delayedConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}
