// Package dbtest opens real databases for the tests of the events packages:
// a fresh SQLite file, or a fresh schema in the PostgreSQL database that
// internal/testenv finds, dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
)

// Dialects are the databases every SQL test runs on.
var Dialects = []*sqldb.Dialect{sqldb.SQLite, sqldb.Postgres}

// Open returns an empty database of dialect d that lives as long as tb.
// PostgreSQL tests skip (or fail under REQUIRE_SERVICES=1) when the server
// is unreachable.
func Open(tb testing.TB, d *sqldb.Dialect) *sql.DB {
	tb.Helper()
	switch d {
	case sqldb.SQLite:
		db, err := sqldb.OpenSQLite(filepath.Join(tb.TempDir(), "test.db"))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = db.Close() })
		return db
	case sqldb.Postgres:
		db, _ := Postgres(tb)
		return db
	}
	tb.Fatalf("unknown dialect %v", d)
	return nil
}

// Postgres returns an empty PostgreSQL schema of the test's own, dropped when
// tb ends, as a database and as the URL that opens it (for another
// process).
func Postgres(tb testing.TB) (*sql.DB, string) {
	tb.Helper()
	raw := testenv.PostgresURL(tb)
	admin, err := sqldb.OpenPostgres(raw)
	if err != nil {
		tb.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "evtest_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sqldb.OpenPostgres(u.String())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = db.Close()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		_ = admin.Close()
	})
	return db, u.String()
}
