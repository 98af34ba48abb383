// Package mqtest holds helpers shared by the integration tests of the
// message-queue reference packages.
package mqtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
)

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// Name returns a name for a queue, table or schema that no other test, nor a
// concurrent run of this one, uses: the services are shared.
func Name(t testing.TB) string {
	base := strings.Trim(nonName.ReplaceAllString(strings.ToLower(t.Name()), "_"), "_")
	if len(base) > 40 {
		base = base[:40]
	}
	return "skillcheck_" + base + "_" + strings.ToLower(rand.Text()[:8])
}

// PostgresSchema creates a schema of its own for the test, drops it at
// cleanup, and returns the test database's URL with that schema as the
// search_path, so unqualified table names resolve inside it.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	url := testenv.PostgresURL(t)
	schema := Name(t)
	exec(t, url, `CREATE SCHEMA `+schema)
	t.Cleanup(func() { exec(t, url, `DROP SCHEMA `+schema+` CASCADE`) })
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

func exec(t testing.TB, url, stmt string) {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		t.Errorf("%s: %v", stmt, err)
	}
}
