package sqllog_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sqllog"
)

// BenchmarkSaga runs a 3-step saga whose steps do nothing, so that only the
// orchestrator and its log are timed: 8 log writes per saga (the creation,
// before and after each step, the completion) plus the release of the
// lease. The in-memory log is the baseline: the difference in ns/step is the
// cost of the durable log per step.
//
// serial runs one saga after another; parallel runs 8 at once.
func BenchmarkSaga(b *testing.B) {
	logs := []struct {
		name string
		open func(testing.TB) saga.Log
	}{
		{"memory", func(testing.TB) saga.Log { return saga.NewMemoryLog() }},
		{"sqlite", func(t testing.TB) saga.Log {
			// the DSN the package documents: synchronous=FULL, the default
			return openSQLite(t, "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
		}},
		{"sqlite-normal", func(t testing.TB) saga.Log {
			return openSQLite(t, "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
		}},
		{"postgres", func(t testing.TB) saga.Log { return newLog(t, sagatest.Backends[1]) }},
	}
	step := func(name string) saga.Step[int] {
		return saga.Step[int]{
			Name:       name,
			Action:     func(ctx context.Context, key string, n int) (int, error) { return n + 1, nil },
			Compensate: func(ctx context.Context, key string, n int) error { return nil },
		}
	}
	def := saga.Definition[int]{Name: "bench", Steps: []saga.Step[int]{step("a"), step("b"), step("c")}}
	for _, l := range logs {
		for _, mode := range []string{"serial", "parallel"} {
			b.Run(fmt.Sprintf("log=%s/mode=%s", l.name, mode), func(b *testing.B) {
				o, err := saga.New(def, l.open(b), saga.Settings{})
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				var next atomic.Int64
				run := func() {
					res, err := o.Run(ctx, fmt.Sprint(next.Add(1)), 0)
					if err != nil || res.Data != 3 {
						b.Fatalf("Run = %+v, %v", res, err)
					}
				}
				b.ResetTimer()
				if mode == "serial" {
					for b.Loop() {
						run()
					}
				} else {
					b.SetParallelism(4) // 8 goroutines on 2 cores
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							run()
						}
					})
				}
				perSaga := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(1/perSaga, "sagas/s")
				b.ReportMetric(perSaga*1e9/3, "ns/step")
			})
		}
	}
}

func openSQLite(t testing.TB, options string) saga.Log {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "bench.db")+options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	log := sqllog.New(db, sqllog.SQLite)
	if err := log.CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	return log
}
