package sqllog_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/internal/liveness"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
)

// drivers records which orchestrator instances call participants for which
// saga, and how many at once.
type drivers struct {
	mu      sync.Mutex
	active  map[string]int                 // calls in flight per saga
	by      map[string]map[string]struct{} // instances per saga
	calls   int
	overlap []string
}

// wrap returns def with every action and compensation wrapped so that it
// reports to d as instance, and calls onCall with the running count of the
// instance's calls.
func (d *drivers) wrap(def saga.Definition[order], instance string, onCall func(n int)) saga.Definition[order] {
	def.Steps = append([]saga.Step[order](nil), def.Steps...)
	calls := 0
	enter := func(key string) func() {
		id := key[:strings.LastIndexByte(key, ':')]
		d.mu.Lock()
		d.active[id]++
		if d.active[id] > 1 {
			d.overlap = append(d.overlap, id)
		}
		if d.by[id] == nil {
			d.by[id] = map[string]struct{}{}
		}
		d.by[id][instance] = struct{}{}
		d.calls++
		calls++
		n := calls
		d.mu.Unlock()
		onCall(n)
		return func() {
			d.mu.Lock()
			d.active[id]--
			d.mu.Unlock()
		}
	}
	for i := range def.Steps {
		st := &def.Steps[i]
		action, compensate := st.Action, st.Compensate
		st.Action = func(ctx context.Context, key string, o order) (order, error) {
			defer enter(key)()
			return action(ctx, key, o)
		}
		if compensate != nil {
			st.Compensate = func(ctx context.Context, key string, o order) error {
				defer enter(key)()
				return compensate(ctx, key, o)
			}
		}
	}
	return def
}

// TestInstancesNeverDriveOneSaga runs two orchestrator instances against
// many sagas on one log. Instance a is shut down in the middle of a
// participant call and restarted; instance b serves all along. Every saga
// must end, no two calls for one saga may overlap, every write must come
// from the lease holder, and the sagas a left behind must be taken over.
func TestInstancesNeverDriveOneSaga(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			log := newLog(t, b)
			s := newShop(t, b.Open(t))
			d := &drivers{active: map[string]int{}, by: map[string]map[string]struct{}{}}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // a backstop; liveness.Await judges progress
			defer cancel()

			const n = 60
			orders := map[string]order{}
			starter := newOrchestrator(t, log, s, nil, "starter")
			for i := range n {
				id := fmt.Sprintf("multi-%02d", i)
				orders[id] = order{Decline: i%4 == 0, FlakyHold: i % 3}
				if err := starter.Start(ctx, id, orders[id]); err != nil {
					t.Fatal(err)
				}
			}

			settings := saga.Settings{LeaseTTL: 2 * time.Second, PollInterval: 5 * time.Millisecond, Concurrency: 4}
			newInstance := func(name string, onCall func(int)) *saga.Orchestrator[order] {
				settings.Owner = name
				o, err := saga.New(d.wrap(s.definition(), name, onCall), log, settings)
				if err != nil {
					t.Fatal(err)
				}
				return o
			}
			var wg sync.WaitGroup
			aCtx, stopA := context.WithCancel(ctx)
			a := newInstance("a", func(n int) {
				if n == 15 {
					stopA() // shut down in the middle of a call
				}
			})
			bCtx, stopB := context.WithCancel(ctx)
			bInst := newInstance("b", func(int) {})
			wg.Go(func() { _ = a.Serve(aCtx) })
			wg.Go(func() { _ = bInst.Serve(bCtx) })
			select {
			case <-aCtx.Done():
			case <-ctx.Done():
				t.Fatal("instance a made fewer than 15 calls")
			}
			restarted := newInstance("a2", func(int) {})
			wg.Go(func() { _ = restarted.Serve(bCtx) })

			// Every saga must end, for as long as sagas keep ending.
			if err := liveness.Await(10*time.Millisecond, 30*time.Second, func() (int, error) {
				running, err := log.List(ctx, saga.Filter{Status: []saga.Status{saga.StatusRunning}})
				return len(running), err
			}); err != nil {
				t.Fatalf("sagas still running: %v", err)
			}
			stopB()
			wg.Wait()

			for id, o := range orders {
				checkEnded(t, log, s, id, o)
			}
			if len(d.overlap) > 0 {
				t.Errorf("calls for one saga overlapped: %v", d.overlap)
			}
			shared := 0
			for _, instances := range d.by {
				if len(instances) > 1 {
					shared++
				}
			}
			if shared == 0 {
				t.Error("no saga was taken over from the instance that shut down")
			}
			t.Logf("%d participant calls; %d sagas driven by more than one instance", d.calls, shared)
		})
	}
}
