package sqldb_test

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// BenchmarkCommit measures one small write transaction (BEGIN IMMEDIATE, an
// INSERT, COMMIT) on SQLite: sync=full is a database from OpenSQLite
// (synchronous=FULL, every commit synced); the anchor sync=normal is the same
// file settings with synchronous=NORMAL, WAL's usual companion, which can lose
// the last commits on power failure.
func BenchmarkCommit(b *testing.B) {
	for _, mode := range []string{"full", "normal"} {
		b.Run("sync="+mode, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "bench.db")
			var db *sql.DB
			var err error
			if mode == "full" {
				db, err = sqldb.OpenSQLite(path)
			} else {
				q := url.Values{}
				for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)"} {
					q.Add("_pragma", p)
				}
				q.Set("_txlock", "immediate")
				db, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode())
			}
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
					_, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ('x')")
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
		})
	}
}
