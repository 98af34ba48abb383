package outbox_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

type discard struct{}

func (discard) Publish(context.Context, events.Event) error { return nil }

// BenchmarkRelay measures the relay's own cost per event: claiming a batch of
// 100 committed rows, decoding them, handing them to a publisher that
// returns at once, and deleting them. impl=claim is Relay.RelayOnce;
// impl=cursor is the anchor, the classic relay that reads "id > last" in
// batches of 100 and deletes nothing (fast, but it skips late commits).
// Each iteration first writes 100 rows (not timed). events/s is the
// throughput.
func BenchmarkRelay(b *testing.B) {
	const batch = 100
	for _, d := range dbtest.Dialects {
		for _, impl := range []string{"claim", "cursor"} {
			b.Run(fmt.Sprintf("db=%s/impl=%s", d.Name(), impl), func(b *testing.B) {
				ctx := context.Background()
				db := dbtest.Open(b, d)
				o, err := outbox.New(db, d, outbox.Settings{BatchSize: batch})
				if err != nil {
					b.Fatal(err)
				}
				if err := o.CreateTable(ctx); err != nil {
					b.Fatal(err)
				}
				r := o.Relay(discard{})
				e, _ := events.New("urn:bench", "x", "com.example.bench.v1", time.Now(), map[string]string{"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"})
				var last int64
				n := 0
				b.ResetTimer()
				for b.Loop() {
					b.StopTimer()
					if err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
						evs := make([]events.Event, batch)
						for i := range evs {
							evs[i], evs[i].ID = e, fmt.Sprint(n)
							n++
						}
						return o.Add(ctx, tx, evs...)
					}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if impl == "claim" {
						if got, err := r.RelayOnce(ctx); err != nil || got != batch {
							b.Fatalf("RelayOnce = %d, %v", got, err)
						}
						continue
					}
					if last, err = cursorRelay(ctx, db, last, batch); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

func cursorRelay(ctx context.Context, db *sql.DB, last int64, limit int) (int64, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, event FROM outbox WHERE id > $1 ORDER BY id LIMIT $2", last, limit)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var raw []byte
		var e events.Event
		if err := rows.Scan(&last, &raw); err != nil {
			return 0, err
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, err
		}
		if err := (discard{}).Publish(ctx, e); err != nil {
			return 0, err
		}
	}
	return last, rows.Err()
}
