package idempotency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// ErrNoKey is returned by Do for an empty key.
var ErrNoKey = errors.New("idempotency: empty key")

// Dialect selects the SQL that a Store speaks.
type Dialect int

// Supported dialects.
const (
	// SQLite is the embedded default for consumers on one machine
	// (modernc.org/sqlite, pure Go, no cgo).
	SQLite Dialect = iota
	// Postgres suits several consumer instances sharing one store
	// (github.com/jackc/pgx/v5 through database/sql).
	Postgres
)

// Settings configures a Store. The zero value is ready to use.
type Settings struct {
	// Table is the name of the processed-message table, optionally
	// schema-qualified ("app.processed_messages"). Empty means
	// "processed_messages".
	Table string
	// Retention is how long a key is kept. Choose it longer than the longest
	// time a duplicate can arrive: redelivery, retry delays, and how long
	// dead letters may wait before a replay. Zero means 7 days.
	Retention time.Duration
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

// Store is a durable record of processed message keys, written in the same
// database transaction as the handler's own effect. Either both commit or
// neither does, so a message whose effect committed is never applied again,
// and a message whose handler failed leaves no key behind and can be retried.
//
// A Store is safe for concurrent use. With PostgreSQL, several processes may
// share the table: a second transaction inserting the same key waits for the
// first and then sees the key as taken.
type Store struct {
	db      *sql.DB
	owned   bool // Close closes db
	dialect Dialect
	s       Settings

	insert, expire, forget string
}

// OpenSQLite opens (creating if needed) a SQLite database file at path and
// returns a Store on it. The database runs in WAL mode with a single
// connection, so transactions are serialized within the process.
func OpenSQLite(ctx context.Context, path string, s Settings) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("idempotency: open sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	return open(ctx, db, SQLite, s)
}

// OpenPostgres connects to the PostgreSQL database at url (a pgx connection
// string) and returns a Store on it.
func OpenPostgres(ctx context.Context, url string, s Settings) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("idempotency: open postgres: %w", err)
	}
	return open(ctx, db, Postgres, s)
}

func open(ctx context.Context, db *sql.DB, d Dialect, s Settings) (*Store, error) {
	st, err := New(ctx, db, d, s)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	st.owned = true
	return st, nil
}

// New returns a Store on an open database and creates its table and index if
// they do not exist. The caller keeps ownership of db.
func New(ctx context.Context, db *sql.DB, d Dialect, s Settings) (*Store, error) {
	if s.Table == "" {
		s.Table = "processed_messages"
	}
	if !tableName.MatchString(s.Table) {
		return nil, fmt.Errorf("idempotency: invalid table name %q", s.Table)
	}
	if s.Retention <= 0 {
		s.Retention = 7 * 24 * time.Hour
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	st := &Store{db: db, dialect: d, s: s}
	var ddl []string
	// An index lives in its table's schema: SQLite names the schema on the
	// index, PostgreSQL on the table.
	schema, name, qualified := strings.Cut(s.Table, ".")
	if !qualified {
		schema, name = "", s.Table
	}
	index := name + "_processed_at"
	switch d {
	case SQLite:
		if qualified {
			index = schema + "." + index
		}
		ddl = []string{
			`CREATE TABLE IF NOT EXISTS ` + s.Table + ` (key TEXT PRIMARY KEY, processed_at INTEGER NOT NULL) WITHOUT ROWID`,
			`CREATE INDEX IF NOT EXISTS ` + index + ` ON ` + name + ` (processed_at)`,
		}
		st.insert = `INSERT INTO ` + s.Table + ` (key, processed_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`
		st.expire = `DELETE FROM ` + s.Table + ` WHERE processed_at < ?`
		st.forget = `DELETE FROM ` + s.Table + ` WHERE key = ?`
	case Postgres:
		ddl = []string{
			`CREATE TABLE IF NOT EXISTS ` + s.Table + ` (key text PRIMARY KEY, processed_at timestamptz NOT NULL)`,
			`CREATE INDEX IF NOT EXISTS ` + index + ` ON ` + s.Table + ` (processed_at)`,
		}
		st.insert = `INSERT INTO ` + s.Table + ` (key, processed_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`
		st.expire = `DELETE FROM ` + s.Table + ` WHERE processed_at < $1`
		st.forget = `DELETE FROM ` + s.Table + ` WHERE key = $1`
	default:
		return nil, fmt.Errorf("idempotency: unknown dialect %d", d)
	}
	for _, q := range ddl {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("idempotency: create table %s: %w", s.Table, err)
		}
	}
	return st, nil
}

// timestamp converts t to the column type of the dialect.
func (st *Store) timestamp(t time.Time) any {
	if st.dialect == SQLite {
		return t.UnixMilli()
	}
	return t
}

// Do runs fn at most once per key. In one transaction it inserts key into
// the table and, when the key was new, runs fn with that transaction and
// commits. When the key is already there, fn does not run and Do reports
// duplicate. When fn fails, the transaction rolls back (the key included)
// and Do returns fn's error unchanged, so the message can be retried.
//
// fn must do all its database work through tx, so that its effect commits
// or rolls back together with the key.
func (st *Store) Do(ctx context.Context, key string, fn func(ctx context.Context, tx *sql.Tx) error) (duplicate bool, err error) {
	if key == "" {
		return false, ErrNoKey
	}
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("idempotency: begin: %w", err)
	}
	defer tx.Rollback() // no-op after Commit; also covers a panic in fn

	res, err := tx.ExecContext(ctx, st.insert, key, st.timestamp(st.s.Now()))
	if err != nil {
		return false, fmt.Errorf("idempotency: record %q: %w", key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("idempotency: record %q: %w", key, err)
	}
	if n == 0 {
		return true, nil
	}
	if err := fn(ctx, tx); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("idempotency: commit %q: %w", key, err)
	}
	return false, nil
}

// Expire deletes keys older than the retention and reports how many. Run it
// periodically, for example once an hour from a time.Ticker.
func (st *Store) Expire(ctx context.Context) (int64, error) {
	res, err := st.db.ExecContext(ctx, st.expire, st.timestamp(st.s.Now().Add(-st.s.Retention)))
	if err != nil {
		return 0, fmt.Errorf("idempotency: expire: %w", err)
	}
	return res.RowsAffected()
}

// DB returns the database the Store writes to.
func (st *Store) DB() *sql.DB { return st.db }

// Close closes the database if the Store opened it (OpenSQLite,
// OpenPostgres); a database passed to New is left open.
func (st *Store) Close() error {
	if !st.owned {
		return nil
	}
	return st.db.Close()
}
