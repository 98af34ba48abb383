package sqllog_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/internal/faultproxy"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sqllog"
)

// TestFaultServeRecoversThroughCuts runs Serve on a log in PostgreSQL that it
// reaches through a proxy, which cuts its connections 1,000 times while
// sagas are started (on a connection of their own). Serve must keep running
// through every failed pass, and once the cuts stop every saga must end,
// completed or compensated, with each effect applied once. Before the fix
// Serve returned at the first pass that failed, and a service that started
// it once stopped recovering sagas.
func TestFaultServeRecoversThroughCuts(t *testing.T) {
	testenv.FaultRun(t)
	const sagas, cuts = 200, 1000
	dsn := sagatest.PostgresDSN(t)
	direct := sagatest.OpenPostgres(t, dsn)
	log := sqllog.New(direct, sqllog.Postgres)
	if err := log.CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := newShop(t, direct) // the participants are other services: not behind the proxy
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	viaProxy, err := proxy.URL(dsn)
	if err != nil {
		t.Fatal(err)
	}

	// Cuts can make an attempt count without its outcome being recorded;
	// enough attempts keep such sagas from being turned back or parked.
	def := s.definition()
	for i := range def.Steps {
		def.Steps[i].Retry.MaxAttempts = 1000
	}
	fake := clock.NewFake(t0)
	var failedPasses atomic.Int64
	server, err := saga.New(def, sqllog.New(sagatest.OpenPostgres(t, viaProxy), sqllog.Postgres), saga.Settings{
		Clock: fake, Owner: "server", LeaseTTL: leaseTTL, OnError: func(error) { failedPasses.Add(1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- server.Serve(ctx) }()

	cutter := proxy.CutEvery(10*time.Millisecond, cuts)
	starter := newOrchestrator(t, log, s, fake, "starter")
	orders := map[string]order{}
	for i := range sagas {
		id := fmt.Sprintf("cut-%03d", i)
		orders[id] = order{Decline: i%3 == 0, FlakyHold: i % 2}
		if err := starter.Start(ctx, id, orders[id]); err != nil {
			t.Fatal(err)
		}
	}
	// The liveness bound: the cuts and then the sagas must keep moving; 30 s
	// without a cut (the orchestrator stopped connecting) or, after the
	// cuts, without a saga ending fails the run, however busy the machine.
	const stall = 30 * time.Second
	for lastCuts, lastMove := -1, time.Now(); ; {
		select {
		case <-cutter.Done():
		case err := <-served:
			cutter.Stop()
			t.Fatalf("Serve returned after %d cuts: %v", cutter.Cuts(), err)
		case <-time.After(time.Second):
			if n := cutter.Cuts(); n > lastCuts {
				lastCuts, lastMove = n, time.Now()
			} else if time.Since(lastMove) > stall {
				t.Fatalf("no cut for %v after %d", stall, n)
			}
			continue
		}
		break
	}
	made, conns := cutter.Stop()

	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for running, fewest, lastMove := sagas, sagas, time.Now(); running > 0; {
		select {
		case <-tick.C:
		case err := <-served:
			t.Fatalf("Serve returned after the cuts: %v", err)
		}
		recs, err := log.List(ctx, saga.Filter{Name: "order", Status: []saga.Status{saga.StatusRunning}})
		if err != nil {
			t.Fatal(err)
		}
		running = len(recs)
		if running < fewest {
			fewest, lastMove = running, time.Now()
		} else if time.Since(lastMove) > stall {
			t.Fatalf("%d of %d sagas still running, none ended for %v", running, sagas, stall)
		}
	}
	cancel()
	if err := <-served; !errors.Is(err, context.Canceled) {
		t.Fatalf("Serve = %v, want context.Canceled", err)
	}

	ended := map[saga.Status]int{}
	for id, o := range orders {
		checkEnded(t, log, s, id, o)
		rec, err := log.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		ended[rec.Status]++
	}
	var effects, distinct int
	if err := direct.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT (saga_key, what)) FROM effect`).Scan(&effects, &distinct); err != nil {
		t.Fatal(err)
	}
	lost := sagas - ended[saga.StatusCompleted] - ended[saga.StatusCompensated]
	t.Logf("%d cuts (%d connections); %d failed Recover passes, Serve ran until cancelled; sagas: started %d, %v, lost %d; effects %d, duplicated %d; %d participant calls (repeats absorbed by the barrier)",
		made, conns, failedPasses.Load(), sagas, ended, lost, effects, effects-distinct, s.calls)
	if failedPasses.Load() == 0 {
		t.Error("no failed pass was reported to OnError")
	}
}
