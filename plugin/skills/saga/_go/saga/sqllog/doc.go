// Package sqllog keeps the log of package saga in an SQL database through
// database/sql: SQLite (modernc.org/sqlite, pure Go) as the embedded default
// for one orchestrator process, and PostgreSQL (github.com/jackc/pgx/v5/stdlib)
// for several orchestrator instances sharing one database.
//
// The table saga holds one row per saga: where it stands, its data as JSON,
// and its lease (lease_owner, lease_expires). The table saga_event holds its
// log, one row per write, keyed by (saga_id, seq). Every write updates the
// row and appends the event in one transaction, and is fenced: the UPDATE
// matches only while the writer still holds the lease and the version it
// read, so an orchestrator whose lease was taken over cannot write any more.
// A lease is taken only when it is free or expired, by a conditional UPDATE.
// A saga that waits for its next attempt keeps its due time in the column
// due, and orchestrators looking for work claim the saga due first among
// those due now (WHERE due <= now ORDER BY due; on PostgreSQL with FOR
// UPDATE SKIP LOCKED, so they do not queue behind each other; SQLite has a
// single writer), so no worker sleeps through a backoff while other sagas
// are due. The table's columns changed with the due time: a database made
// by an earlier version needs the columns unknown, due and deadline
// (INTEGER, BIGINT and BIGINT, NOT NULL DEFAULT 0) added.
//
// The SQL is the same for both databases but for what a [Dialect] holds.
// [Log.CreateTables] creates the tables. On SQLite, open the database in WAL
// mode with a busy timeout and BEGIN IMMEDIATE transactions, for example
//
//	file:saga.db?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate
//
// so that concurrent writers wait for each other instead of failing. Adding
// _pragma=synchronous(NORMAL) makes every write about four times cheaper
// (docs/benchmarks.md) at a price: a power failure, though not a crash of
// the process, may lose the last writes. Steps are idempotent by key, so a
// lost record of a step only runs the step again; a lost creation loses the
// saga.
package sqllog
