// Package barrier makes a saga participant's effects exactly-once, in the
// spirit of dtm's branch barrier.
//
// A saga orchestrator may call a participant's action more than once (it
// retries after a timeout whose outcome it does not know), may call a
// compensation for an action that never ran (the action's request was lost),
// and a delayed action may even arrive after its compensation. The barrier
// handles all three inside the participant's own database transaction, so
// that the guard and the effect commit together or not at all.
//
// [Do] inserts a row per idempotency key and operation into the table
// saga_barrier, in the participant's transaction, before it runs the
// business code:
//   - An [Action] whose row is already there is a duplicate: fn is skipped
//     and Do returns nil, so the caller answers as it did the first time.
//     When the row was put there by a compensation, the action arrived after
//     its compensation ("hanging"): fn is skipped and Do returns
//     [ErrCompensated], which the participant reports as a business failure.
//   - A [Compensation] first inserts the action's row on the action's
//     behalf. When that insert succeeds the action never ran: the
//     compensation is a no-op ("null compensation") and the row blocks the
//     late action. A compensation whose own row is already there is a
//     duplicate and is skipped too.
//
// If fn fails, the caller rolls the transaction back and the barrier rows go
// with it, so a retry runs fn again. [Run] wraps Do in a transaction of its
// own.
//
// The SQL is the same for SQLite (modernc.org/sqlite) and PostgreSQL (for
// example through github.com/jackc/pgx/v5/stdlib). [CreateTable] creates the
// table. On SQLite, open the database with _txlock=immediate and a
// busy_timeout so that concurrent transactions wait for each other instead
// of failing.
package barrier
