// Package faultproxy is a TCP proxy for tests that cuts connections on demand.
//
// A Proxy listens on a loopback port and forwards each accepted connection to
// a target address. DropAll closes every live connection on both sides, which
// a client sees as an abrupt network failure (EOF or connection reset), the
// same as a broker crash or a cable pull. CutEvery does so again and again,
// for tests of liveness under repeated faults.
package faultproxy

import (
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards TCP connections from Addr to a target address.
type Proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// Start listens on 127.0.0.1 on a free port and forwards to target.
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's listening address, host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// URL returns rawURL with its host replaced by the proxy's address.
func (p *Proxy) URL(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	u.Host = p.Addr()
	return u.String(), nil
}

// DropAll closes every live connection and reports how many client
// connections it cut. New connections are accepted as before.
func (p *Proxy) DropAll() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		_ = c.Close()
	}
	n := len(p.conns) / 2
	clear(p.conns)
	return n
}

// Close stops listening, drops all connections and waits for the forwarding
// goroutines to end.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.DropAll()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = client.Close()
			continue
		}
		p.mu.Lock()
		p.conns[client] = struct{}{}
		p.conns[server] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(server, client)
		go p.pipe(client, server)
	}
}

// pipe copies from src to dst; when either side ends, both are closed.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(dst, src) // EOF, reset or a DropAll: the pair ends either way
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
	_ = dst.Close()
	_ = src.Close()
}

// Cutter drops a proxy's connections at a fixed interval; see CutEvery.
type Cutter struct {
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
	cuts  atomic.Int64 // rounds that cut at least one connection
	conns atomic.Int64 // client connections cut
}

// CutEvery cuts every live connection each interval, in a goroutine of its
// own, until Stop is called or, when limit is positive, until limit rounds
// have each cut at least one connection. Rounds that find no connection (the
// clients are reconnecting) do not count.
func (p *Proxy) CutEvery(interval time.Duration, limit int) *Cutter {
	c := &Cutter{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for limit <= 0 || c.cuts.Load() < int64(limit) {
			select {
			case <-c.stop:
				return
			case <-t.C:
			}
			if n := p.DropAll(); n > 0 {
				c.cuts.Add(1)
				c.conns.Add(int64(n))
			}
		}
	}()
	return c
}

// Done is closed once the cutter has stopped, after its limit or Stop.
func (c *Cutter) Done() <-chan struct{} { return c.done }

// Cuts reports the rounds that cut at least one connection so far.
func (c *Cutter) Cuts() int { return int(c.cuts.Load()) }

// Stop stops cutting and returns the number of cuts (rounds that cut at
// least one connection) and of client connections cut. It may be called
// more than once.
func (c *Cutter) Stop() (cuts, conns int) {
	c.once.Do(func() { close(c.stop) })
	<-c.done
	return int(c.cuts.Load()), int(c.conns.Load())
}
