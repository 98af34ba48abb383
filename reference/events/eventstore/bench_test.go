package eventstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/events/eventstore"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
)

// BenchmarkAppend measures appending one event to a new stream, the common
// case of a command on a new aggregate, each in its own transaction.
// impl=store is Store.Append (version check, append lock, insert);
// impl=insert is the anchor: one bare INSERT of the same row in autocommit
// mode, without the check and the lock, i.e. the cost of the write itself.
// writers=1 appends from one goroutine, writers=8 from eight at once.
// events/s is the throughput.
func BenchmarkAppend(b *testing.B) {
	for _, d := range dbtest.Dialects {
		for _, writers := range []int{1, 8} {
			for _, impl := range []string{"store", "insert"} {
				b.Run(fmt.Sprintf("db=%s/writers=%d/impl=%s", d.Name(), writers, impl), func(b *testing.B) {
					db := dbtest.Open(b, d)
					st, err := eventstore.New(db, d, eventstore.Settings{})
					if err != nil {
						b.Fatal(err)
					}
					ctx := context.Background()
					if err := st.CreateTables(ctx); err != nil {
						b.Fatal(err)
					}
					db.SetMaxOpenConns(writers + 1)
					ev := event(b, "x", 1)
					var n atomic.Int64
					appendOne := func() error {
						i := n.Add(1)
						e := ev
						e.ID = fmt.Sprint(i)
						stream := fmt.Sprint("stream-", i)
						if impl == "store" {
							_, err := st.Append(ctx, stream, eventstore.NoStream, e)
							return err
						}
						raw, _ := json.Marshal(e)
						_, err := db.ExecContext(ctx, "INSERT INTO events (stream, version, type, source, event_id, event) VALUES ($1, 1, $2, $3, $4, $5)",
							stream, e.Type, e.Source, e.ID, raw)
						return err
					}
					b.ResetTimer()
					var wg sync.WaitGroup
					var done atomic.Int64
					for range writers {
						wg.Go(func() {
							for done.Add(1) <= int64(b.N) {
								if err := appendOne(); err != nil {
									b.Error(err)
									return
								}
							}
						})
					}
					wg.Wait()
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
				})
			}
		}
	}
}
