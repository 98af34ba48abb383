package sqllog_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

// BenchmarkScheduling compares the two ways of waiting for a retry: workers
// that sleep through each saga's backoff (how Recover worked before due
// times; here four goroutines that call Drive, which waits in place) and due
// times in the log (Serve's four workers claim whatever is due and never
// sleep while a saga is due). Each saga has two steps; the first fails once
// and is retried after 20 ms. The figure is sagas/s.
func BenchmarkScheduling(b *testing.B) {
	const workers, backoff = 4, 20 * time.Millisecond
	logs := []struct {
		name string
		open func(testing.TB) saga.Log
	}{
		{"memory", func(testing.TB) saga.Log { return saga.NewMemoryLog() }},
		{"postgres", func(t testing.TB) saga.Log { return newLog(t, sagatest.Backends[1]) }},
	}
	for _, l := range logs {
		for _, mode := range []string{"sleeping", "due"} {
			b.Run(fmt.Sprintf("log=%s/mode=%s", l.name, mode), func(b *testing.B) {
				var (
					failed sync.Map // sagas whose first attempt failed
					ended  atomic.Int64
					all    = make(chan struct{})
				)
				n := int64(b.N)
				def := saga.Definition[int]{Name: "bench", Steps: []saga.Step[int]{{
					Name:  "call",
					Retry: saga.RetryPolicy{BaseDelay: backoff, Jitter: func(c time.Duration) time.Duration { return c }},
					Action: func(ctx context.Context, key string, v int) (int, error) {
						if _, again := failed.LoadOrStore(key, true); !again {
							return v, errors.New("503")
						}
						return v, nil
					},
				}, {
					Name: "done",
					Action: func(ctx context.Context, key string, v int) (int, error) {
						if ended.Add(1) == n {
							close(all)
						}
						return v, nil
					},
				}}}
				log := l.open(b)
				o, err := saga.New(def, log, saga.Settings{Concurrency: workers, PollInterval: 5 * time.Millisecond})
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				ids := make(chan string, b.N)
				for i := range b.N {
					id := fmt.Sprint(i)
					if err := o.Start(ctx, id, 0); err != nil {
						b.Fatal(err)
					}
					ids <- id
				}
				close(ids)
				b.ResetTimer()
				if mode == "due" {
					go func() { _ = o.Serve(ctx) }()
				} else {
					for range workers {
						go func() {
							for id := range ids {
								_, _ = o.Drive(ctx, id)
							}
						}()
					}
				}
				<-all
				b.StopTimer()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sagas/s")
			})
		}
	}
}
