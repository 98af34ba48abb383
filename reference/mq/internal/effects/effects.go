// Package effects gives the broker packages' integration tests one way to
// count what their handlers applied: an idempotency store on PostgreSQL with
// a table of effects, one row per applied message.
package effects

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
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

// InsertAll writes one effect row per key in one statement, as a handler
// of a whole batch does (a BulkTxHandler), with SQLite's placeholders when
// sqlite is set and PostgreSQL's otherwise.
func InsertAll(ctx context.Context, tx *sql.Tx, sqlite bool, keys []string) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO effects (key) VALUES `)
	args := make([]any, len(keys))
	for i, k := range keys {
		if i > 0 {
			q.WriteString(", ")
		}
		if sqlite {
			q.WriteString("(?)")
		} else {
			fmt.Fprintf(&q, "($%d)", i+1)
		}
		args[i] = k
	}
	_, err := tx.ExecContext(ctx, q.String(), args...)
	return err
}

// Each makes a batch handler of a per-delivery one: it applies each
// delivery of the batch in turn, in the batch's transaction, and stops at
// the first error. largest returns the most deliveries one call was given.
func Each[D any](apply func(context.Context, *sql.Tx, D) error) (handle func(context.Context, *sql.Tx, []D) error, largest func() int) {
	var mu sync.Mutex
	most := 0
	handle = func(ctx context.Context, tx *sql.Tx, ds []D) error {
		mu.Lock()
		most = max(most, len(ds))
		mu.Unlock()
		for _, d := range ds {
			if err := apply(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	}
	largest = func() int {
		mu.Lock()
		defer mu.Unlock()
		return most
	}
	return handle, largest
}
