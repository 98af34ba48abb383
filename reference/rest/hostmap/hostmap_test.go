package hostmap_test

import (
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/hostmap"
)

func TestIdleHostsExpire(t *testing.T) {
	fake := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	made := 0
	m := &hostmap.Map[*int]{Idle: time.Minute, Clock: fake, New: func(string) *int { made++; v := made; return &v }}
	a := m.Get("a:443")
	if m.Get("a:443") != a || made != 1 {
		t.Fatal("a second Get made a new value")
	}
	for i := range 1000 { // a client that calls many hosts once
		m.Get(string(rune('b'+i%20)) + ":" + time.Duration(i).String())
		fake.Advance(time.Second)
		m.Get("a:443") // a is used all along
	}
	if n := m.Len(); n > 2*60+1 {
		t.Fatalf("%d hosts kept, want the hosts of the last two minutes at most", n)
	}
	if m.Get("a:443") != a {
		t.Fatal("a host in use expired")
	}
	fake.Advance(time.Minute)
	m.Get("z:1")
	if m.Len() != 1 {
		t.Fatalf("%d hosts kept after a minute of idleness, want only the one just used", m.Len())
	}
	if m.Get("a:443") == a {
		t.Fatal("an expired host kept its value")
	}
}

func TestZeroValuesMeanDefaults(t *testing.T) {
	m := &hostmap.Map[string]{New: func(h string) string { return "v-" + h }}
	if got := m.Get("x"); got != "v-x" || m.Len() != 1 {
		t.Fatalf("Get = %q, Len = %d", got, m.Len())
	}
}
