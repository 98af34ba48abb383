package sqllog

// Dialect holds what differs between the SQL databases a Log runs on. Use
// SQLite or Postgres.
type Dialect struct {
	// blob is the column type of the saga's data.
	blob string
	// skipLocked ends the SELECT that picks a saga to claim: on PostgreSQL
	// concurrent claims skip the rows other claims have locked instead of
	// queueing behind them; SQLite has a single writer and no row locks.
	skipLocked string
}

// The dialects.
var (
	// SQLite is for modernc.org/sqlite (driver name "sqlite"), the embedded
	// default for one orchestrator process.
	SQLite = &Dialect{blob: "BLOB"}
	// Postgres is for PostgreSQL through github.com/jackc/pgx/v5/stdlib
	// (driver name "pgx"), for several orchestrator instances.
	Postgres = &Dialect{blob: "BYTEA", skipLocked: " FOR UPDATE SKIP LOCKED"}
)

// schema returns the statements that create the tables.
func (d *Dialect) schema() []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS saga (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	status        TEXT NOT NULL,
	compensating  INTEGER NOT NULL,
	step          INTEGER NOT NULL,
	attempts      INTEGER NOT NULL,
	unknown       INTEGER NOT NULL,
	due           BIGINT NOT NULL,
	deadline      BIGINT NOT NULL,
	data          ` + d.blob + `,
	reason        TEXT NOT NULL,
	error         TEXT NOT NULL,
	version       BIGINT NOT NULL,
	lease_owner   TEXT NOT NULL,
	lease_expires BIGINT NOT NULL,
	created       BIGINT NOT NULL,
	updated       BIGINT NOT NULL
)`,
		`CREATE INDEX IF NOT EXISTS saga_due ON saga (name, status, due)`,
		`CREATE TABLE IF NOT EXISTS saga_event (
	saga_id   TEXT NOT NULL,
	seq       BIGINT NOT NULL,
	at        BIGINT NOT NULL,
	owner     TEXT NOT NULL,
	type      TEXT NOT NULL,
	step      INTEGER NOT NULL,
	step_name TEXT NOT NULL,
	attempt   INTEGER NOT NULL,
	error     TEXT NOT NULL,
	PRIMARY KEY (saga_id, seq)
)`,
	}
}
