// Package idempotency makes a message handler take effect at most once per
// message, so that an at-least-once queue gives exactly-once effects.
//
// A Store keeps the keys of processed messages in a table and inserts the key
// in the same database transaction as the handler's own writes:
//
//	dup, err := store.Do(ctx, delivery.IdempotencyKey, func(ctx context.Context, tx *sql.Tx) error {
//		_, err := tx.ExecContext(ctx, `UPDATE accounts SET cents = cents + $1 WHERE id = $2`, amount, id)
//		return err
//	})
//
// Both commit together or not at all. A redelivered message finds its key
// and is skipped (dup is true; acknowledge it). A handler that fails rolls
// its key back with its effect, so the retry runs in full. Checking for the
// key before the handler and recording it separately would lose a message
// whose handler failed after the check (the retry would look like a
// duplicate) or apply it twice when the process dies between effect and
// record.
//
// SQLite (modernc.org/sqlite, pure Go) is the embedded default for a single
// consumer process. PostgreSQL (github.com/jackc/pgx/v5) serves several
// consumer instances: a second transaction inserting the same key waits for
// the first to finish and then sees the key as taken, so the handler runs
// once even when two instances get the same message at the same time.
//
// Keys expire after Settings.Retention (7 days by default) when Expire runs.
// The retention must outlast every way a duplicate can arrive late:
// redelivery, retry delays, and dead letters waiting for a replay.
//
// The handler's effect must live in the same database as the Store. An
// effect elsewhere (an HTTP call, another database) cannot join the
// transaction; make that call idempotent itself, for example by passing the
// message's idempotency key on to it.
package idempotency
