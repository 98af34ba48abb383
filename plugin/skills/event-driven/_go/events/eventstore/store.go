package eventstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// DefaultTable is the table name used when Settings.Table is empty.
const DefaultTable = "events"

// Settings configure a Store. The zero value is ready to use.
type Settings struct {
	// Table is the name of the events table. Empty means DefaultTable.
	// Snapshots go to Table + "_snapshots".
	Table string
}

// Any and NoStream are special expected versions for Append.
const (
	// NoStream expects that the stream has no events yet.
	NoStream int64 = 0
	// Any skips the version check (the unique constraint still prevents
	// two events with one version).
	Any int64 = -1
)

// ErrConcurrency is matched by every *ConcurrencyError with errors.Is.
var ErrConcurrency = errors.New("eventstore: concurrent modification of a stream")

// ConcurrencyError reports an append whose expected version was not the
// stream's version.
type ConcurrencyError struct {
	// Stream is the stream appended to.
	Stream string
	// Expected is the version the caller expected.
	Expected int64
	// Actual is the version found, or -1 when another append committed the
	// same version first and the unique constraint rejected this one.
	Actual int64
}

// Error describes the conflict.
func (e *ConcurrencyError) Error() string {
	if e.Actual < 0 {
		return fmt.Sprintf("eventstore: stream %q: expected version %d, but a concurrent append wrote it first", e.Stream, e.Expected)
	}
	return fmt.Sprintf("eventstore: stream %q: expected version %d, found %d", e.Stream, e.Expected, e.Actual)
}

// Is reports whether target is ErrConcurrency.
func (e *ConcurrencyError) Is(target error) bool { return target == ErrConcurrency }

// Record is a stored event with its place in its stream and in the store.
type Record struct {
	// Position is the global position: increasing across all streams, in
	// commit order, with gaps.
	Position int64
	// Stream is the stream the event belongs to.
	Stream string
	// Version is the event's place in its stream, counting from 1.
	Version int64
	// Event is the event as appended.
	Event events.Event
}

// Store is an event store on one database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect *sqldb.Dialect
	table   string
	q       struct{ version, insert, stream, all, loadSnap, saveSnap string }
}

// New returns a Store on db, whose database is described by dialect
// (sqldb.SQLite or sqldb.Postgres). Call CreateTables once before use.
func New(db *sql.DB, dialect *sqldb.Dialect, s Settings) (*Store, error) {
	t := s.Table
	if t == "" {
		t = DefaultTable
	}
	if err := sqldb.CheckName(t); err != nil {
		return nil, fmt.Errorf("eventstore: %w", err)
	}
	st := &Store{db: db, dialect: dialect, table: t}
	cols := "position, stream, version, event"
	st.q.version = "SELECT COALESCE(MAX(version), 0) FROM " + t + " WHERE stream = $1"
	st.q.insert = "INSERT INTO " + t + " (stream, version, type, source, event_id, event) VALUES ($1, $2, $3, $4, $5, $6) RETURNING position"
	st.q.stream = "SELECT " + cols + " FROM " + t + " WHERE stream = $1 AND version > $2 ORDER BY version"
	st.q.all = "SELECT " + cols + " FROM " + t + " WHERE position > $1 ORDER BY position LIMIT $2"
	st.q.loadSnap = "SELECT version, state FROM " + t + "_snapshots WHERE stream = $1"
	st.q.saveSnap = "INSERT INTO " + t + "_snapshots (stream, version, state) VALUES ($1, $2, $3) " +
		"ON CONFLICT (stream) DO UPDATE SET version = excluded.version, state = excluded.state WHERE excluded.version > " + t + "_snapshots.version"
	return st, nil
}

// CreateTables creates the events and snapshots tables if they do not exist.
func (s *Store) CreateTables(ctx context.Context) error {
	t, d := s.table, s.dialect
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS " + t + " (position " + d.Identity() + ", stream TEXT NOT NULL, version BIGINT NOT NULL, " +
			"type TEXT NOT NULL, source TEXT NOT NULL, event_id TEXT NOT NULL, event " + d.Blob() + " NOT NULL, " +
			"CONSTRAINT " + t + "_stream_version UNIQUE (stream, version))",
		"CREATE TABLE IF NOT EXISTS " + t + "_snapshots (stream TEXT PRIMARY KEY, version BIGINT NOT NULL, state " + d.Blob() + " NOT NULL)",
	} {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("eventstore: create tables: %w", err)
		}
	}
	return nil
}

// Append appends evs to stream in one transaction if the stream is at
// version expected (NoStream for a new stream, Any to skip the check), and
// returns the stream's new version. On a conflict it returns a
// *ConcurrencyError and appends nothing. Every event must pass
// events.Event.Validate.
func (s *Store) Append(ctx context.Context, stream string, expected int64, evs ...events.Event) (int64, error) {
	var version int64
	err := sqldb.InTx(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		version, err = s.AppendTx(ctx, tx, stream, expected, evs...)
		return err
	})
	if err != nil && s.dialect.IsUniqueViolation(err) {
		return 0, &ConcurrencyError{Stream: stream, Expected: expected, Actual: -1}
	}
	return version, err
}

// AppendTx is Append inside the caller's transaction tx, for instance to
// write an outbox row or a read model in the same commit. The conflict check
// is final only when tx commits: a unique violation can then surface from
// the commit (test it with the dialect's IsUniqueViolation). Until tx ends
// it holds the store's append lock, so keep tx short.
func (s *Store) AppendTx(ctx context.Context, tx *sql.Tx, stream string, expected int64, evs ...events.Event) (int64, error) {
	if stream == "" {
		return 0, errors.New("eventstore: empty stream name")
	}
	rows := make([][]byte, len(evs))
	for i, e := range evs {
		if err := e.Validate(); err != nil {
			return 0, err
		}
		b, err := json.Marshal(e)
		if err != nil {
			return 0, fmt.Errorf("eventstore: encode %s: %w", e.Key(), err)
		}
		rows[i] = b
	}
	if err := s.dialect.Lock(ctx, tx, "eventstore:"+s.table); err != nil {
		return 0, err
	}
	var actual int64
	if err := tx.QueryRowContext(ctx, s.q.version, stream).Scan(&actual); err != nil {
		return 0, fmt.Errorf("eventstore: read version of %q: %w", stream, err)
	}
	if expected != Any && actual != expected {
		return 0, &ConcurrencyError{Stream: stream, Expected: expected, Actual: actual}
	}
	for i, e := range evs {
		var pos int64
		err := tx.QueryRowContext(ctx, s.q.insert, stream, actual+int64(i)+1, e.Type, e.Source, e.ID, rows[i]).Scan(&pos)
		if s.dialect.IsUniqueViolation(err) {
			return 0, &ConcurrencyError{Stream: stream, Expected: expected, Actual: -1}
		}
		if err != nil {
			return 0, fmt.Errorf("eventstore: append to %q: %w", stream, err)
		}
	}
	return actual + int64(len(evs)), nil
}

// ReadStream returns the events of stream with versions above after (0 for
// the whole stream), in version order.
func (s *Store) ReadStream(ctx context.Context, stream string, after int64) ([]Record, error) {
	return s.query(ctx, s.q.stream, stream, after)
}

// ReadAll returns up to limit events of all streams with positions above
// after, in position order. A projection stores the position of the last
// event it applied and polls from there: positions become visible in
// increasing order, so no event is skipped.
func (s *Store) ReadAll(ctx context.Context, after int64, limit int) ([]Record, error) {
	if limit <= 0 {
		return nil, errors.New("eventstore: ReadAll limit must be positive")
	}
	return s.query(ctx, s.q.all, after, limit)
}

func (s *Store) query(ctx context.Context, q string, args ...any) ([]Record, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("eventstore: read: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		var raw []byte
		if err := rows.Scan(&r.Position, &r.Stream, &r.Version, &raw); err != nil {
			return nil, fmt.Errorf("eventstore: read: %w", err)
		}
		if err := json.Unmarshal(raw, &r.Event); err != nil {
			return nil, fmt.Errorf("eventstore: decode event at position %d: %w", r.Position, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("eventstore: read: %w", err)
	}
	return out, nil
}

// Aggregate is state rebuilt from the events of one stream.
type Aggregate interface {
	// Apply changes the state by one event. It must not fail for events
	// that were valid when appended; an error stops Load.
	Apply(r Record) error
}

// Snapshotter is an Aggregate that can save and restore its state, so that
// Load replays only the events after the latest snapshot.
type Snapshotter interface {
	Aggregate
	// MarshalSnapshot returns the state.
	MarshalSnapshot() ([]byte, error)
	// UnmarshalSnapshot restores the state from the output of
	// MarshalSnapshot.
	UnmarshalSnapshot(state []byte) error
}

// Load replays stream into agg and returns the stream's version, which is
// the expected version for the next Append. If agg is a Snapshotter and a
// snapshot exists, agg is restored from it first and only later events are
// applied.
func (s *Store) Load(ctx context.Context, stream string, agg Aggregate) (int64, error) {
	var version int64
	if snap, ok := agg.(Snapshotter); ok {
		var state []byte
		err := s.db.QueryRowContext(ctx, s.q.loadSnap, stream).Scan(&version, &state)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return 0, fmt.Errorf("eventstore: load snapshot of %q: %w", stream, err)
		default:
			if err := snap.UnmarshalSnapshot(state); err != nil {
				return 0, fmt.Errorf("eventstore: restore snapshot of %q at version %d: %w", stream, version, err)
			}
		}
	}
	recs, err := s.ReadStream(ctx, stream, version)
	if err != nil {
		return 0, err
	}
	for _, r := range recs {
		if err := agg.Apply(r); err != nil {
			return 0, fmt.Errorf("eventstore: apply %s version %d: %w", stream, r.Version, err)
		}
		version = r.Version
	}
	return version, nil
}

// SaveSnapshot stores the state of agg as the snapshot of stream at
// version, unless a snapshot of a later version exists. Call it after Load
// or Append, with the version they returned; how often is a trade-off
// between write cost and replay length.
func (s *Store) SaveSnapshot(ctx context.Context, stream string, version int64, agg Snapshotter) error {
	state, err := agg.MarshalSnapshot()
	if err != nil {
		return fmt.Errorf("eventstore: snapshot of %q: %w", stream, err)
	}
	if _, err := s.db.ExecContext(ctx, s.q.saveSnap, stream, version, state); err != nil {
		return fmt.Errorf("eventstore: save snapshot of %q: %w", stream, err)
	}
	return nil
}
