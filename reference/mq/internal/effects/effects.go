// Package effects gives the broker packages' integration tests one way to
// count what their handlers applied: an idempotency store on PostgreSQL with
// a table of effects, one row per applied message.
package effects

import (
	"context"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
)

// Store opens an idempotency store on the PostgreSQL database at url with a
// table effects (key text), closed when the test ends.
func Store(t testing.TB, url string) *idempotency.Store {
	t.Helper()
	ctx := context.Background()
	st, err := idempotency.OpenPostgres(ctx, url, idempotency.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.DB().ExecContext(ctx, `CREATE TABLE IF NOT EXISTS effects (key text NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return st
}

// Count returns the effect rows and the distinct message IDs in them.
func Count(t testing.TB, st *idempotency.Store) (rows, distinct int) {
	t.Helper()
	err := st.DB().QueryRow(`SELECT count(*), count(DISTINCT key) FROM effects`).Scan(&rows, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	return rows, distinct
}
