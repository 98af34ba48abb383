package clock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

func TestSystemSleepEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- clock.System.Sleep(ctx, time.Hour) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v, want context.Canceled", err)
	}
}

func TestSystemSleepWaits(t *testing.T) {
	before := clock.System.Now()
	if err := clock.System.Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if clock.System.Since(before) < time.Millisecond {
		t.Fatal("Sleep returned before the duration passed")
	}
}

func TestSystemSleepNonPositive(t *testing.T) {
	if err := clock.System.Sleep(context.Background(), 0); err != nil {
		t.Fatalf("Sleep(0) = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := clock.System.Sleep(ctx, -time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(-1s) with an ended context = %v", err)
	}
}

func TestFake(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := clock.NewFake(start)
	f.Advance(time.Second)
	if err := f.Sleep(context.Background(), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := f.Sleep(context.Background(), -time.Second); err != nil {
		t.Fatal(err)
	}
	if got, want := f.Now(), start.Add(3*time.Second); !got.Equal(want) {
		t.Fatalf("Now = %v, want %v", got, want)
	}
	if got := f.Since(start); got != 3*time.Second {
		t.Fatalf("Since(start) = %v, want 3s", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep with an ended context = %v", err)
	}
	if got, want := f.Now(), start.Add(3*time.Second); !got.Equal(want) {
		t.Fatalf("an interrupted Sleep moved the time to %v", got)
	}
	sleeps := f.Sleeps()
	if len(sleeps) != 3 || sleeps[0] != 2*time.Second || sleeps[1] != -time.Second || sleeps[2] != time.Hour {
		t.Fatalf("Sleeps = %v", sleeps)
	}
	sleeps[0] = 0 // a copy
	if f.Sleeps()[0] != 2*time.Second {
		t.Fatal("Sleeps returned the internal slice")
	}
}
