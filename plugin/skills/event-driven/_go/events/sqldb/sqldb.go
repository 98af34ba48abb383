package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect describes one database. Use SQLite or Postgres.
type Dialect struct {
	name       string
	identity   string
	blob       string
	skipLocked string
	lock       func(ctx context.Context, tx *sql.Tx, key int64) error
	unique     func(err error) bool
}

// SQLite is the dialect of modernc.org/sqlite. SQLite has one writer at a
// time: OpenSQLite makes every transaction take the write lock when it
// begins, so transactions serialize instead of failing with SQLITE_BUSY.
var SQLite = &Dialect{
	name:     "sqlite",
	identity: "INTEGER PRIMARY KEY AUTOINCREMENT",
	blob:     "BLOB",
	lock:     func(context.Context, *sql.Tx, int64) error { return nil }, // BEGIN IMMEDIATE holds the only write lock
	unique: func(err error) bool {
		var e interface{ Code() int }
		// SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
		return errors.As(err, &e) && (e.Code() == 2067 || e.Code() == 1555)
	},
}

// Postgres is the dialect of PostgreSQL through github.com/jackc/pgx/v5.
var Postgres = &Dialect{
	name:       "postgres",
	identity:   "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
	blob:       "BYTEA",
	skipLocked: " FOR UPDATE SKIP LOCKED",
	lock: func(ctx context.Context, tx *sql.Tx, key int64) error {
		_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", key)
		return err
	},
	unique: func(err error) bool {
		var e interface{ SQLState() string }
		return errors.As(err, &e) && e.SQLState() == "23505" // unique_violation
	},
}

// Name returns "sqlite" or "postgres".
func (d *Dialect) Name() string { return d.name }

// Identity returns the column definition of an ever-increasing 64-bit
// primary key that is never reused.
func (d *Dialect) Identity() string { return d.identity }

// Blob returns the type of a binary column.
func (d *Dialect) Blob() string { return d.blob }

// SkipLocked returns the clause that makes a SELECT lock the rows it returns
// and skip rows other transactions have locked (empty for SQLite, whose
// transactions do not overlap).
func (d *Dialect) SkipLocked() string { return d.skipLocked }

// Lock takes an exclusive lock named name that tx holds until it ends, so
// that transactions taking it run one after another. On PostgreSQL it is a
// transaction-level advisory lock; on SQLite it is a no-op, because a
// transaction begun by OpenSQLite's database already holds the database's
// only write lock.
func (d *Dialect) Lock(ctx context.Context, tx *sql.Tx, name string) error {
	h := fnv.New64a()
	h.Write([]byte(name))
	if err := d.lock(ctx, tx, int64(h.Sum64())); err != nil {
		return fmt.Errorf("sqldb: lock %q: %w", name, err)
	}
	return nil
}

// IsUniqueViolation reports whether err is a violation of a unique or
// primary key constraint.
func (d *Dialect) IsUniqueViolation(err error) bool { return d.unique(err) }

// OpenSQLite opens (creating it if needed) the SQLite database file at path
// with the settings the events packages rely on: write-ahead logging, a busy
// timeout of 10 seconds, foreign keys on, transactions that begin with
// BEGIN IMMEDIATE, so that concurrent writers queue for the write lock
// rather than fail when they upgrade a read lock, and synchronous=FULL.
//
// FULL makes every commit durable before it returns: SQLite syncs the
// write-ahead log at each commit. With NORMAL, the usual companion of WAL,
// a commit survives a crash of the process but not a power failure or an OS
// crash, which can take back the last commits. The events packages
// acknowledge on commit: a consumer acks the broker after its inbox row
// committed, a relay deletes outbox rows the broker confirmed. A commit lost
// after such an ack is an event lost for good, so FULL is what they need.
// The price is one sync per commit, a few hundred microseconds to a few
// milliseconds on SSDs; batch work into fewer transactions where that
// matters (PostgreSQL pays the same with synchronous_commit=on, its
// default).
func OpenSQLite(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqldb: open sqlite %s: %w", path, err)
	}
	return db, nil
}

// OpenPostgres opens a PostgreSQL database through pgx. url is a
// postgres:// URL or a key=value connection string; parameters that pgx does
// not know, such as search_path, are sent to the server as run-time
// settings.
func OpenPostgres(url string) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("sqldb: open postgres: %w", err)
	}
	return db, nil
}

// InTx runs fn in a transaction on db and commits it when fn returns nil;
// otherwise, or when fn panics, it rolls the transaction back.
func InTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// CheckName returns an error unless name is a plain SQL identifier (an
// ASCII letter or '_' followed by letters, digits and '_', at most 48 bytes),
// which the events packages use unquoted as a table name and as the stem of
// index names. Put tables in another PostgreSQL schema through search_path.
func CheckName(name string) error {
	if name == "" || len(name) > 48 || (name[0] >= '0' && name[0] <= '9') ||
		strings.TrimLeft(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
		return fmt.Errorf("sqldb: %q is not a plain identifier of at most 48 bytes", name)
	}
	return nil
}
