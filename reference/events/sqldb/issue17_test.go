package sqldb_test

import (
	"context"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// SQLite must not lose a committed transaction on power failure when an
// acknowledgement depends on it (an inbox row, then the broker ack): before
// the fix OpenSQLite set synchronous=NORMAL, which in WAL mode may lose the
// last commits.
func TestSQLiteSyncsEveryCommit(t *testing.T) {
	db, err := sqldb.OpenSQLite(t.TempDir() + "/sync.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var level int
	if err := db.QueryRowContext(context.Background(), "PRAGMA synchronous").Scan(&level); err != nil {
		t.Fatal(err)
	}
	if level != 2 {
		t.Fatalf("PRAGMA synchronous = %d; want 2 (FULL)", level)
	}
}
