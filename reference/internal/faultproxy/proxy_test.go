package faultproxy

import (
	"bufio"
	"io"
	"net"
	"testing"
	"time"
)

// echoServer answers every line with the same line.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(c, c); _ = c.Close() }()
		}
	}()
	return ln.Addr().String()
}

func TestForwardAndDrop(t *testing.T) {
	p, err := Start(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	if _, err := c.Write([]byte("ping\n")); err != nil {
		t.Fatal(err)
	}
	if line, err := r.ReadString('\n'); err != nil || line != "ping\n" {
		t.Fatalf("echo through proxy = %q, %v", line, err)
	}

	if n := p.DropAll(); n != 1 {
		t.Fatalf("DropAll cut %d connections, want 1", n)
	}
	if _, err := r.ReadString('\n'); err == nil {
		t.Fatal("read after DropAll succeeded, want EOF or reset")
	}

	// The proxy keeps accepting after a drop.
	c2, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c2.Write([]byte("again\n")); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(c2).ReadString('\n'); err != nil || line != "again\n" {
		t.Fatalf("echo after drop = %q, %v", line, err)
	}
}

func TestURL(t *testing.T) {
	p, err := Start("127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	got, err := p.URL("amqp://guest:guest@127.0.0.1:5672/vh")
	if err != nil {
		t.Fatal(err)
	}
	if want := "amqp://guest:guest@" + p.Addr() + "/vh"; got != want {
		t.Fatalf("URL = %q, want %q", got, want)
	}
}

func TestCutEvery(t *testing.T) {
	p, err := Start(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	// A client that holds a connection until it is cut and then reconnects,
	// until the cutter has made its three cuts.
	c := p.CutEvery(time.Millisecond, 3)
	for {
		select {
		case <-c.Done():
			if cuts, conns := c.Stop(); cuts != 3 || conns < 3 {
				t.Fatalf("Stop = %d cuts, %d connections; want 3 cuts of at least 3", cuts, conns)
			}
			return
		default:
		}
		conn, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		go func() { <-c.Done(); _ = conn.Close() }() // the last one is never cut
		_, _ = io.Copy(io.Discard, conn)             // until the cut
		_ = conn.Close()
	}
}
