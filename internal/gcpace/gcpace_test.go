package gcpace

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGOGCLetsSmallHeapsGrowToTheBudget(t *testing.T) {
	p := &pacer{budget: 40 << 20, percent: 200}
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 900},        // before the first collection: from 4 MiB to 40 MiB
		{4 << 20, 900},  // the same, measured
		{10 << 20, 300}, // 10 MiB may grow by 30 MiB
		{13 << 20, 207}, // just above the floor
		{20 << 20, 200}, // 20 MiB would grow by only 20 MiB: the floor
		{1 << 30, 200},  // beyond the budget: the floor
	} {
		if got := p.gogc(c.live); got != c.want {
			t.Errorf("gogc(%d MiB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}

// TestStartFollowsTheLiveHeap holds a live heap larger than the budget and
// waits for the pacer, run after a collection, to fall back to the floor;
// then drops it and waits for the budget to apply again.
func TestStartFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	Start(16<<20, 150)
	if got := gcPercent(); got != 300 {
		t.Fatalf("GOGC after Start = %d, want 300 (from the runtime's 4 MiB to 16 MiB)", got)
	}
	held := make([][]byte, 64)
	for i := range held {
		held[i] = make([]byte, 1<<20)
	}
	waitFor(t, func() bool { return gcPercent() == 150 }, "GOGC to fall to 150 with 64 MiB live")
	runtime.KeepAlive(held)
	held = nil
	waitFor(t, func() bool { return gcPercent() > 150 }, "GOGC to rise again once the heap is freed")
}

func gcPercent() int {
	g := debug.SetGCPercent(-1)
	debug.SetGCPercent(g)
	return g
}

// waitFor collects until cond holds, failing after many collections.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for range 500 {
		runtime.GC()
		time.Sleep(time.Millisecond) // let the finalizer goroutine run
		if cond() {
			return
		}
	}
	t.Fatalf("waited for %s through 500 collections", what)
}
