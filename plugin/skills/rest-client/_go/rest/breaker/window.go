package breaker

// window counts calls and failures over the last N calls (count-based) or the
// last period (time-based), in a ring of buckets. A count-based window has
// one bucket per call; a time-based window has timeBuckets buckets of width
// period/timeBuckets. Totals are kept incrementally, so recording and reading
// are O(1) (O(buckets) only when time jumps ahead).
type window struct {
	buckets  []bucket
	width    int64 // nanoseconds per bucket; 0 for a count-based window
	tick     int64 // index of the newest bucket
	calls    int
	failures int
}

type bucket struct {
	calls, failures int
}

func newWindow(size int, period int64) window {
	if period > 0 {
		return window{buckets: make([]bucket, timeBuckets), width: max(1, period/timeBuckets)}
	}
	return window{buckets: make([]bucket, size)}
}

// record adds one call at time now (nanoseconds; ignored by a count-based
// window).
func (w *window) record(now int64, failed bool) {
	if w.width == 0 {
		w.advance(w.tick + 1)
	} else {
		w.advance(now / w.width)
	}
	b := &w.buckets[w.tick%int64(len(w.buckets))]
	b.calls++
	w.calls++
	if failed {
		b.failures++
		w.failures++
	}
}

// expire drops the buckets a time-based window has slid past at time now.
func (w *window) expire(now int64) {
	if w.width > 0 {
		w.advance(now / w.width)
	}
}

// advance makes tick the newest bucket, emptying the buckets in between. A
// tick that does not move forward (a clock that went back) changes nothing.
func (w *window) advance(tick int64) {
	n := int64(len(w.buckets))
	if tick-w.tick >= n {
		w.reset()
		w.tick = tick
		return
	}
	for w.tick < tick {
		w.tick++
		b := &w.buckets[w.tick%n]
		w.calls -= b.calls
		w.failures -= b.failures
		*b = bucket{}
	}
}

func (w *window) reset() {
	clear(w.buckets)
	w.calls, w.failures = 0, 0
}
