// Package gcpace paces the garbage collector for a process that allocates
// much and keeps little, such as a lint run: while what survives a
// collection is small, the heap may grow to a fixed budget before the next
// one; once it is large, the next collection comes when the heap has grown
// by a fixed share of it, as with GOGC.
//
// With GOGC alone, a run whose live heap is 10 MB collects every 20–30 MB
// allocated, hundreds of times over a big repository; with a memory limit
// and GOGC off, a run whose live heap nears the limit collects without end.
// Start sets GOGC again after every collection from the live heap it
// measured, which gives the first behaviour's safety and neither's cost.
package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// minimumHeap is the runtime's heap size that GOGC=100 lets the first
// collection wait for.
const minimumHeap = 4 << 20

// Start paces the collector for the rest of the process: the heap may grow
// to budget bytes while the live heap is small, and by at least percent of
// the live heap when it is large.
func Start(budget uint64, percent int) {
	p := &pacer{budget: budget, percent: percent, live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	debug.SetGCPercent(p.gogc(0))
	p.arm()
}

type pacer struct {
	budget  uint64
	percent int
	live    []metrics.Sample
}

// sentinel is garbage that the next collection finds; its finalizer runs
// after that collection. It holds a pointer so that the allocator does not
// batch it with other small objects, which would delay its finalizer.
type sentinel struct{ _ *pacer }

func (p *pacer) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		metrics.Read(p.live)
		var live uint64
		if p.live[0].Value.Kind() == metrics.KindUint64 {
			live = p.live[0].Value.Uint64()
		}
		debug.SetGCPercent(p.gogc(live))
		p.arm()
	})
}

// gogc returns the GOGC value that lets a heap of live bytes grow to the
// budget, or by percent, whichever is more. Before the first collection
// (live 0) the runtime measures growth from minimumHeap instead.
func (p *pacer) gogc(live uint64) int {
	if live == 0 {
		live = minimumHeap
	}
	g := p.percent
	if p.budget > live {
		g = max(g, int((p.budget-live)*100/live))
	}
	return g
}
