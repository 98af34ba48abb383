package sqllog_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/barrier"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sagahttp"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sqllog"
)

// The fault run of killed orchestrators: its size and timings.
const (
	killSagas       = 1000
	killLeaseTTL    = 2 * time.Second
	killPoll        = 100 * time.Millisecond
	killStepTimeout = 300 * time.Millisecond
	killDeadline    = 3 * time.Second
	killPace        = 25 * time.Millisecond // between two new sagas
	killStall       = 30 * time.Second      // the longest the run may go without a saga ending
)

// Environment of a helper process, which runs an orchestrator until killed.
const (
	envHelper = "SAGA_KILL_HELPER" // the owner name
	envDSN    = "SAGA_KILL_DSN"
	envURL    = "SAGA_KILL_URL"
)

// trade is the data of the saga of the fault run.
type trade struct {
	Decline bool // the charge is declined: the saga is compensated
	Payment string
}

// tradeDefinition is reserve (compensatable), charge (the pivot) and ship
// (retriable), each a participant behind url, called through sagahttp. The
// steps up to the pivot have a Query, which fences the key.
func tradeDefinition(url string, client *http.Client) saga.Definition[trade] {
	retry := saga.RetryPolicy{MaxAttempts: 30, BaseDelay: 20 * time.Millisecond, MaxDelay: 500 * time.Millisecond}
	call := func(step string) func(context.Context, string, trade) (trade, error) {
		return func(ctx context.Context, key string, t trade) (trade, error) {
			var out struct{ Payment string }
			err := sagahttp.Call(ctx, client, http.MethodPost, url+"/"+step, key, t, &out)
			if step == "charge" && err == nil {
				t.Payment = out.Payment
			}
			return t, err
		}
	}
	undo := func(step string) func(context.Context, string, trade) error {
		return func(ctx context.Context, key string, t trade) error {
			return sagahttp.Call(ctx, client, http.MethodPost, url+"/"+step+"/undo", key, t, nil)
		}
	}
	return saga.Definition[trade]{Name: "trade", Deadline: killDeadline, Steps: []saga.Step[trade]{
		{Name: "reserve", Action: call("reserve"), Query: call("reserve/query"), Compensate: undo("reserve"), Timeout: killStepTimeout, Retry: retry},
		{Name: "charge", Kind: saga.Pivot, Action: call("charge"), Query: call("charge/query"), Timeout: killStepTimeout, Retry: retry},
		{Name: "ship", Kind: saga.Retriable, Action: call("ship"), Timeout: killStepTimeout, Retry: retry},
	}}
}

// TestFaultKillHelper is not a test: it is the orchestrator process that
// TestFaultKilledOrchestrators starts (and kills), selected by envHelper.
func TestFaultKillHelper(t *testing.T) {
	testenv.FaultRun(t)
	owner := os.Getenv(envHelper)
	if owner == "" {
		return
	}
	db := sagatest.OpenPostgres(t, os.Getenv(envDSN))
	o, err := saga.New(tradeDefinition(os.Getenv(envURL), &http.Client{}), sqllog.New(db, sqllog.Postgres), saga.Settings{
		Owner: owner, LeaseTTL: killLeaseTTL, PollInterval: killPoll, Concurrency: 8,
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = o.Serve(context.Background()) // until killed
}

// market is the participants of the fault run: three services in one
// process, whose effects are rows of a table without a unique key (a
// duplicate shows as a second row), guarded by the barrier. Every call
// misbehaves at random: 409 as if the key were in flight, a hang after the
// effect (a timeout after the effect for the caller), or 503 without effect.
type market struct {
	db                                         *sql.DB
	calls, conflicts, hangs, failures, queries atomic.Int64
}

func (m *market) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.calls.Add(1)
	ctx, key := r.Context(), r.Header.Get("Idempotency-Key")
	path := strings.TrimPrefix(r.URL.Path, "/")
	var t trade
	if err := decodeJSON(r, &t); err != nil || key == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if step, ok := strings.CutSuffix(path, "/query"); ok {
		m.queries.Add(1)
		m.query(w, r, key, step)
		return
	}
	switch rand.N(10) {
	case 0:
		m.conflicts.Add(1)
		http.Error(w, "a request with this key is in flight", http.StatusConflict)
		return
	case 1:
		m.failures.Add(1)
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	op, what := barrier.Action, path
	if step, ok := strings.CutSuffix(path, "/undo"); ok {
		op, what = barrier.Compensation, step+"/undo"
	}
	declined := errors.New("card declined")
	err := barrier.Run(ctx, m.db, key, op, func(tx *sql.Tx) error {
		if what == "charge" && t.Decline {
			return declined
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO effect (saga_key, what) VALUES ($1, $2)`, key, what)
		return err
	})
	switch {
	case errors.Is(err, declined), errors.Is(err, barrier.ErrCompensated):
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	if rand.N(10) == 0 {
		m.hangs.Add(1)
		<-ctx.Done() // the effect is committed; the answer never comes
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"Payment": %q}`, "pay-"+key)
}

// query answers a saga's Step.Query: 200 when the action took effect, 410
// (a refusal) when it did not, after fencing the key.
func (m *market) query(w http.ResponseWriter, r *http.Request, key, step string) {
	tx, err := m.db.BeginTx(r.Context(), nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer tx.Rollback()
	applied, err := barrier.Fence(r.Context(), tx, key)
	if err == nil {
		err = tx.Commit()
	}
	switch {
	case err != nil:
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	case !applied:
		http.Error(w, "no "+step+" under this key, and there never will be", http.StatusGone)
	default:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"Payment": %q}`, "pay-"+key)
	}
}

// TestFaultKilledOrchestrators runs 1,000 sagas of three steps, started one
// every 25 ms, on a PostgreSQL log, driven by two orchestrator processes (this test binary
// started again in helper mode) that are killed with SIGKILL and restarted
// at random, against participants that answer 409 as if in flight, hang
// after applying the effect, or fail, at random. Every saga must end
// completed or fully compensated, no effect may be applied twice, no order
// may be charged and compensated, and no saga may go on past its deadline
// (or past the moment a live orchestrator took it over from a killed one
// after its deadline) longer than one attempt, with a second of slack for
// a loaded machine. Sagas
// parked at their deadline past the pivot, or on an outcome no query could
// resolve, are retried by an operator (this test), as the skill says to.
func TestFaultKilledOrchestrators(t *testing.T) {
	testenv.FaultRun(t)
	if os.Getenv(envHelper) != "" {
		t.Skip("helper process")
	}
	dsn := sagatest.PostgresDSN(t)
	db := sagatest.OpenPostgres(t, dsn)
	ctx := context.Background()
	log := sqllog.New(db, sqllog.Postgres)
	if err := log.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	if err := barrier.CreateTable(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE effect (saga_key TEXT NOT NULL, what TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	m := &market{db: db}
	srv := httptest.NewServer(m)
	defer srv.Close()

	operator, err := saga.New(tradeDefinition(srv.URL, srv.Client()), log, saga.Settings{Owner: "operator", LeaseTTL: killLeaseTTL})
	if err != nil {
		t.Fatal(err)
	}
	orders := map[string]trade{}
	for i := range killSagas {
		orders[fmt.Sprintf("t-%04d", i)] = trade{Decline: i%5 == 0}
	}

	// Two orchestrator processes, killed and restarted at random.
	var (
		mu       sync.Mutex
		procs    [2]*exec.Cmd
		started  int
		killed   int
		stopping bool
	)
	start := func(slot int) {
		mu.Lock()
		defer mu.Unlock()
		if stopping {
			return
		}
		started++
		cmd := exec.Command(os.Args[0], "-test.run=^TestFaultKillHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), envHelper+"="+fmt.Sprintf("orchestrator-%d", started), envDSN+"="+dsn, envURL+"="+srv.URL)
		if err := cmd.Start(); err != nil {
			t.Errorf("start an orchestrator: %v", err)
			return
		}
		procs[slot] = cmd
	}
	kill := func(slot int) {
		mu.Lock()
		cmd := procs[slot]
		mu.Unlock()
		if cmd == nil {
			return
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
	}
	start(0)
	start(1)
	runCtx, stopKills := context.WithCancel(ctx)
	killsDone := make(chan struct{})
	defer func() {
		// The killer stops first: two goroutines must never wait for one
		// process (a failing test returns while the killer runs).
		stopKills()
		<-killsDone
		mu.Lock()
		stopping = true
		mu.Unlock()
		kill(0)
		kill(1)
	}()
	go func() {
		defer close(killsDone)
		for runCtx.Err() == nil {
			select {
			case <-runCtx.Done():
				return
			case <-time.After(500*time.Millisecond + rand.N(time.Second)):
			}
			slot := rand.N(2)
			kill(slot)
			mu.Lock()
			killed++
			mu.Unlock()
			start(slot)
		}
	}()

	// Sagas come in at a steady pace, as orders do.
	startedAll := make(chan error, 1)
	go func() {
		for i := range killSagas {
			id := fmt.Sprintf("t-%04d", i)
			if err := operator.Start(ctx, id, orders[id]); err != nil {
				startedAll <- err
				return
			}
			time.Sleep(killPace)
		}
		startedAll <- nil
	}()

	// The operator retries parked sagas until every saga has ended, for as
	// long as the sagas keep ending: the run fails when none has ended for
	// killStall (a stuck orchestrator), not after a fixed time on a busy
	// machine.
	fewest, lastProgress := math.MaxInt, time.Now()
	retried := map[string]int{}
	allStarted := false
	for {
		if !allStarted {
			select {
			case err := <-startedAll:
				if err != nil {
					t.Fatal(err)
				}
				allStarted = true
			default:
			}
		}
		running, err := log.List(ctx, saga.Filter{Name: "trade", Status: []saga.Status{saga.StatusRunning}})
		if err != nil {
			t.Fatal(err)
		}
		parked, err := operator.Parked(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if allStarted && len(running) == 0 && len(parked) == 0 {
			break
		}
		for _, rec := range parked {
			retried[rec.Error]++
			if _, err := operator.Retry(ctx, rec.ID); err != nil && !errors.Is(err, saga.ErrLeased) && !errors.Is(err, saga.ErrNotParked) {
				t.Logf("operator retry of %s: %v", rec.ID, err)
			}
		}
		if left := len(running) + len(parked); !allStarted || left < fewest {
			fewest, lastProgress = left, time.Now()
		}
		if time.Since(lastProgress) > killStall {
			t.Fatalf("%d sagas running and %d parked, none ended for %v: stuck", len(running), len(parked), killStall)
		}
		time.Sleep(200 * time.Millisecond)
	}
	stopKills()
	<-killsDone

	// The guarantees.
	ended := map[saga.Status]int{}
	var chargedAndCompensated, overdue int
	var maxOverrun, maxRaw time.Duration
	for id, o := range orders {
		rec, err := log.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		ended[rec.Status]++
		eff := map[string]int{}
		rows, err := db.QueryContext(ctx, `SELECT what FROM effect WHERE saga_key LIKE $1`, id+":%")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var what string
			if err := rows.Scan(&what); err != nil {
				t.Fatal(err)
			}
			eff[what]++
		}
		rows.Close()
		switch rec.Status {
		case saga.StatusCompleted:
			if o.Decline || eff["reserve"] != 1 || eff["charge"] != 1 || eff["ship"] != 1 || eff["reserve/undo"] != 0 {
				t.Errorf("%s completed with effects %v (declined %v)", id, eff, o.Decline)
			}
		case saga.StatusCompensated:
			if eff["charge"] > 0 {
				chargedAndCompensated++
			}
			if eff["ship"] != 0 || eff["reserve"] != eff["reserve/undo"] {
				t.Errorf("%s compensated with effects %v", id, eff)
			}
		default:
			t.Errorf("%s ended %s: %s", id, rec.Status, rec.Error)
		}
		// When did it stop going forward? Its deadline may pass while it
		// waits for a killed orchestrator's lease to expire (a lease per
		// kill); from the deadline, or from when a live orchestrator took
		// it over after that, the decision comes within one attempt.
		evs, err := log.Events(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		deadline := rec.Created.Add(killDeadline)
		var taken time.Time
		for _, ev := range evs {
			if ev.Type == saga.EventCreated || ev.Type == saga.EventAcquired {
				taken = ev.At
			}
			if ev.Type != saga.EventCompleted && ev.Type != saga.EventAborted && ev.Type != saga.EventParked {
				continue
			}
			if raw := ev.At.Sub(deadline); raw > 0 {
				maxRaw = max(maxRaw, raw)
				over := ev.At.Sub(later(deadline, taken))
				maxOverrun = max(maxOverrun, over)
				if over > killStepTimeout+killPoll+time.Second {
					// A figure, not an assertion: on a busy machine a live
					// orchestrator is late too. TestDeadline asserts what
					// the deadline does.
					overdue++
				}
			}
			break
		}
	}
	var effects, distinct int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT (saga_key, what)) FROM effect`).Scan(&effects, &distinct); err != nil {
		t.Fatal(err)
	}
	lost := killSagas - ended[saga.StatusCompleted] - ended[saga.StatusCompensated]
	t.Logf("sagas: sent %d, delivered %d (completed %d, compensated %d), lost %d; participant calls handled %d (409 %d, hangs after the effect %d, 503 %d, status queries %d); effects %d, duplicated %d; charged and compensated %d; orchestrators started %d, killed %d; parked and retried by the operator %v; past the deadline: at most %v after a live orchestrator had the saga (%v counting the leases of killed ones), over the bound %d",
		killSagas, ended[saga.StatusCompleted]+ended[saga.StatusCompensated], ended[saga.StatusCompleted], ended[saga.StatusCompensated], lost,
		m.calls.Load(), m.conflicts.Load(), m.hangs.Load(), m.failures.Load(), m.queries.Load(), effects, effects-distinct,
		chargedAndCompensated, started, killed, retried, maxOverrun, maxRaw, overdue)
	if lost != 0 {
		t.Errorf("%d sagas neither completed nor compensated", lost)
	}
	if effects != distinct {
		t.Errorf("%d effects applied twice", effects-distinct)
	}
	if chargedAndCompensated > 0 {
		t.Errorf("%d orders charged and compensated", chargedAndCompensated)
	}
	if killed == 0 {
		t.Error("no orchestrator was killed")
	}
}

func decodeJSON(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
