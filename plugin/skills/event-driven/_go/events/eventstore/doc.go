// Package eventstore keeps event-sourced streams in SQLite or PostgreSQL:
// append with optimistic concurrency, read a stream, replay it into an
// aggregate (starting from a snapshot), and read all streams in the order of
// a global position, for projections.
//
// Every event of a stream has a version, 1, 2, 3, …; the pair (stream,
// version) is unique in the table. [Store.Append] takes the version the
// caller last saw. If the stream has moved on, the append fails with a
// [*ConcurrencyError] (errors.Is(err, [ErrConcurrency])) and the caller
// reloads and retries its command. The check is made by the database, not
// only by the code: Append reads the current version and inserts the next
// ones in one transaction, and two writers that race both try to insert the
// same (stream, version), so the unique constraint rejects the loser; that
// violation is reported as a *ConcurrencyError too.
//
// The global position is an identity column. Identity values are taken when
// a row is inserted but become visible when its transaction commits, so
// concurrent appends could commit out of position order, and a projection
// reading "position > last seen" would skip the late one for good. Append
// therefore serializes appends per table: on PostgreSQL with a transaction
// advisory lock held until commit, on SQLite by the database's single write
// lock. Positions thus become visible in increasing order and
// [Store.ReadAll] can be polled with the last position seen. The price is
// that appends to one table do not run in parallel; the lock is held only for
// the short append transaction (see the benchmarks in docs/benchmarks.md).
//
// Events are stored as CloudEvents (package events) and read back exactly as
// written: upcast old versions while applying them (see
// [events.Upcasters]), never by rewriting the table. Snapshots are an
// optimisation: an aggregate that implements [Snapshotter] is restored from
// its latest snapshot and only the events after it are replayed.
package eventstore
