// Package sagatest opens the databases that the saga packages' tests run
// against: a fresh SQLite file, and a fresh schema on the PostgreSQL server
// that internal/testenv finds.
package sagatest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
)

// sqliteDSN returns the data source name of the SQLite file at path, set up
// for concurrent use: WAL, a busy timeout, and BEGIN IMMEDIATE transactions.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

// SQLite opens a fresh SQLite database in a temporary directory; it is
// closed when the test ends.
func SQLite(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqliteDSN(filepath.Join(t.TempDir(), "test.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Postgres opens a pool on a fresh schema of the test PostgreSQL database,
// which is dropped when the test ends. It skips the test when PostgreSQL is
// unreachable, unless REQUIRE_SERVICES=1.
func Postgres(t testing.TB) *sql.DB {
	t.Helper()
	return OpenPostgres(t, PostgresDSN(t))
}

// PostgresDSN creates a fresh schema in the test PostgreSQL database, drops
// it when the test ends, and returns the database's URL with that schema as
// search_path, for tests that connect in more than one way (directly and
// through a fault proxy). It skips the test when PostgreSQL is unreachable,
// unless REQUIRE_SERVICES=1.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	raw := testenv.PostgresURL(t)
	admin, err := sql.Open("pgx", raw)
	if err != nil {
		t.Fatal(err)
	}
	schema := "saga_test_" + strings.ToLower(rand.Text()[:12])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf("CREATE SCHEMA %q", schema)); err != nil {
		_ = admin.Close()
		t.Fatal(err)
	}
	// Registered before the pools on the schema: they close first.
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, fmt.Sprintf("DROP SCHEMA %q CASCADE", schema)); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres opens a pool on the PostgreSQL database at dsn, closed when the
// test ends.
func OpenPostgres(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Backend is a database the tests run against.
type Backend struct {
	Name string
	Open func(testing.TB) *sql.DB
}

// Backends lists SQLite and PostgreSQL.
var Backends = []Backend{{"sqlite", SQLite}, {"postgres", Postgres}}
