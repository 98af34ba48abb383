package retry_test

import (
	"math"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
)

func noJitter(ceiling time.Duration) time.Duration { return ceiling }

func TestBackoffDoublesUpToTheCap(t *testing.T) {
	p := retry.Policy{Jitter: noJitter}
	want := []time.Duration{100, 200, 400, 800, 1600, 3200, 5000, 5000}
	for i, w := range want {
		if got := p.Backoff(i + 1); got != w*time.Millisecond {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
}

func TestBackoffDoesNotOverflow(t *testing.T) {
	for _, p := range []retry.Policy{
		{Jitter: noJitter},
		{Jitter: noJitter, BaseDelay: 1, MaxDelay: math.MaxInt64},
		{Jitter: noJitter, BaseDelay: math.MaxInt64 / 3, MaxDelay: math.MaxInt64 - 1},
	} {
		prev := time.Duration(0)
		for _, n := range []int{1, 2, 30, 62, 63, 64, 65, 100, 1000, math.MaxInt} {
			got := p.Backoff(n)
			if got < prev || got > p.MaxDelay && p.MaxDelay > 0 {
				t.Fatalf("%+v: Backoff(%d) = %v after %v", p, n, got, prev)
			}
			prev = got
		}
		if p.MaxDelay > 0 && prev != p.MaxDelay {
			t.Fatalf("%+v: Backoff(MaxInt) = %v, want the cap", p, prev)
		}
	}
}

func TestBackoffBaseAboveCap(t *testing.T) {
	p := retry.Policy{Jitter: noJitter, BaseDelay: time.Minute, MaxDelay: time.Second}
	if got := p.Backoff(1); got != time.Second {
		t.Fatalf("Backoff(1) = %v, want the cap", got)
	}
}

func TestFullJitterStaysInRange(t *testing.T) {
	var p retry.Policy
	seen := map[bool]int{}
	for range 2000 {
		d := p.Backoff(3) // ceiling 400ms
		if d < 0 || d >= 400*time.Millisecond {
			t.Fatalf("Backoff(3) = %v, want [0, 400ms)", d)
		}
		seen[d < 200*time.Millisecond]++
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Fatalf("full jitter never drew from one half of the range: %v", seen)
	}
}

func TestJitterIsClamped(t *testing.T) {
	low := retry.Policy{Jitter: func(time.Duration) time.Duration { return -time.Hour }}
	high := retry.Policy{Jitter: func(c time.Duration) time.Duration { return 2 * c }}
	if got := low.Backoff(1); got != 0 {
		t.Errorf("negative jitter: %v", got)
	}
	if got := high.Backoff(1); got != retry.DefaultBaseDelay {
		t.Errorf("jitter above the ceiling: %v", got)
	}
}
