package sqllog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

// Log is a saga.Log in an SQL database. Create it with New and its tables
// with CreateTables. It is safe for concurrent use, also by several
// processes on one PostgreSQL database.
type Log struct {
	db *sql.DB
	d  *Dialect
}

var _ saga.Log = (*Log)(nil)

// New returns a Log on db in dialect d.
func New(db *sql.DB, d *Dialect) *Log {
	return &Log{db: db, d: d}
}

// CreateTables creates the tables saga and saga_event and their index if
// they do not exist.
func (l *Log) CreateTables(ctx context.Context) error {
	for _, stmt := range l.d.schema() {
		if _, err := l.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("sqllog: create tables: %w", err)
		}
	}
	return nil
}

const recordColumns = `id, name, status, compensating, step, attempts, unknown, due, deadline, data, reason, error, version, lease_owner, lease_expires, created, updated`

// scanRecord reads a row of recordColumns.
func scanRecord(row interface{ Scan(...any) error }) (saga.Record, error) {
	var (
		r                                             saga.Record
		compensating, unknown                         int
		due, deadline, leaseExpires, created, updated int64
	)
	err := row.Scan(&r.ID, &r.Name, &r.Status, &compensating, &r.Step, &r.Attempts, &unknown, &due, &deadline, &r.Data,
		&r.Reason, &r.Error, &r.Version, &r.LeaseOwner, &leaseExpires, &created, &updated)
	r.Compensating, r.Unknown = compensating != 0, unknown != 0
	r.Due, r.Deadline = fromNanos(due), fromNanos(deadline)
	r.LeaseExpires, r.Created, r.Updated = fromNanos(leaseExpires), fromNanos(created), fromNanos(updated)
	return r, err
}

// Times are stored as Unix nanoseconds; 0 is the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// inTx runs fn in a transaction and commits it when fn returns nil.
func (l *Log) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqllog: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqllog: commit: %w", err)
	}
	return nil
}

func appendEvent(ctx context.Context, tx *sql.Tx, ev saga.Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO saga_event (saga_id, seq, at, owner, type, step, step_name, attempt, error)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		ev.SagaID, ev.Seq, nanos(ev.At), ev.Owner, string(ev.Type), ev.Step, ev.StepName, ev.Attempt, ev.Error)
	if err != nil {
		return fmt.Errorf("sqllog: append event to %s: %w", ev.SagaID, err)
	}
	return nil
}

// Create implements saga.Log.
func (l *Log) Create(ctx context.Context, r saga.Record, ev saga.Event) error {
	return l.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO saga (`+recordColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING`,
			r.ID, r.Name, string(r.Status), boolInt(r.Compensating), r.Step, r.Attempts, boolInt(r.Unknown), nanos(r.Due), nanos(r.Deadline),
			r.Data, r.Reason, r.Error, r.LeaseOwner, nanos(r.LeaseExpires), nanos(r.Created), nanos(r.Updated))
		if err != nil {
			return fmt.Errorf("sqllog: create %s: %w", r.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqllog: create %s: %w", r.ID, err)
		} else if n == 0 {
			return saga.ErrExists
		}
		ev.Seq = 1
		return appendEvent(ctx, tx, ev)
	})
}

// Acquire implements saga.Log.
func (l *Log) Acquire(ctx context.Context, id, owner string, now, until time.Time) (saga.Record, error) {
	var r saga.Record
	err := l.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRecord(tx.QueryRowContext(ctx, `UPDATE saga
SET lease_owner = $1, lease_expires = $2, updated = $3, version = version + 1
WHERE id = $4 AND lease_expires <= $3
RETURNING `+recordColumns, owner, nanos(until), nanos(now), id))
		if errors.Is(err, sql.ErrNoRows) {
			var exists int
			err = tx.QueryRowContext(ctx, `SELECT 1 FROM saga WHERE id = $1`, id).Scan(&exists)
			if err == nil {
				return saga.ErrLeased
			}
			if errors.Is(err, sql.ErrNoRows) {
				return saga.ErrNotFound
			}
		}
		if err != nil {
			return fmt.Errorf("sqllog: acquire %s: %w", id, err)
		}
		return appendEvent(ctx, tx, acquired(r))
	})
	return r, err
}

func acquired(r saga.Record) saga.Event {
	return saga.Event{SagaID: r.ID, Seq: r.Version, At: r.Updated, Owner: r.LeaseOwner, Type: saga.EventAcquired, Step: -1}
}

// Claim implements saga.Log.
func (l *Log) Claim(ctx context.Context, name, owner string, now, until time.Time) (saga.Record, bool, error) {
	var r saga.Record
	err := l.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRecord(tx.QueryRowContext(ctx, `UPDATE saga
SET lease_owner = $1, lease_expires = $2, updated = $3, version = version + 1
WHERE lease_expires <= $3 AND id = (
	SELECT id FROM saga
	WHERE name = $4 AND status = $5 AND lease_expires <= $3 AND due <= $3
	ORDER BY due, created, id LIMIT 1`+l.d.skipLocked+`
)
RETURNING `+recordColumns, owner, nanos(until), nanos(now), name, string(saga.StatusRunning)))
		if err != nil {
			return err
		}
		return appendEvent(ctx, tx, acquired(r))
	})
	if errors.Is(err, sql.ErrNoRows) {
		return saga.Record{}, false, nil
	}
	if err != nil {
		return saga.Record{}, false, fmt.Errorf("sqllog: claim a %s saga: %w", name, err)
	}
	return r, true, nil
}

// NextDue implements saga.Log.
func (l *Log) NextDue(ctx context.Context, name string) (time.Time, bool, error) {
	var at sql.NullInt64
	err := l.db.QueryRowContext(ctx, `SELECT MIN(CASE WHEN due > lease_expires THEN due ELSE lease_expires END)
FROM saga WHERE name = $1 AND status = $2`, name, string(saga.StatusRunning)).Scan(&at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("sqllog: next due %s saga: %w", name, err)
	}
	return fromNanos(at.Int64), at.Valid, nil
}

// Save implements saga.Log.
func (l *Log) Save(ctx context.Context, r *saga.Record, ev saga.Event) error {
	return l.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE saga
SET status = $1, compensating = $2, step = $3, attempts = $4, unknown = $5, due = $6, deadline = $7,
	data = $8, reason = $9, error = $10, version = version + 1, lease_expires = $11, updated = $12
WHERE id = $13 AND lease_owner = $14 AND version = $15`,
			string(r.Status), boolInt(r.Compensating), r.Step, r.Attempts, boolInt(r.Unknown), nanos(r.Due), nanos(r.Deadline),
			r.Data, r.Reason, r.Error, nanos(r.LeaseExpires), nanos(r.Updated), r.ID, r.LeaseOwner, r.Version)
		if err != nil {
			return fmt.Errorf("sqllog: save %s: %w", r.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqllog: save %s: %w", r.ID, err)
		} else if n == 0 {
			return saga.ErrLeaseLost
		}
		ev.Seq = r.Version + 1
		if err := appendEvent(ctx, tx, ev); err != nil {
			return err
		}
		r.Version++
		return nil
	})
}

// Release implements saga.Log.
func (l *Log) Release(ctx context.Context, id, owner string) error {
	_, err := l.db.ExecContext(ctx, `UPDATE saga SET lease_owner = '', lease_expires = 0 WHERE id = $1 AND lease_owner = $2`, id, owner)
	if err != nil {
		return fmt.Errorf("sqllog: release %s: %w", id, err)
	}
	return nil
}

// Get implements saga.Log.
func (l *Log) Get(ctx context.Context, id string) (saga.Record, error) {
	r, err := scanRecord(l.db.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM saga WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, saga.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("sqllog: get %s: %w", id, err)
	}
	return r, nil
}

// List implements saga.Log.
func (l *Log) List(ctx context.Context, f saga.Filter) ([]saga.Record, error) {
	var (
		where []string
		args  []any
	)
	if f.Name != "" {
		args = append(args, f.Name)
		where = append(where, fmt.Sprintf("name = $%d", len(args)))
	}
	if len(f.Status) > 0 {
		var in []string
		for _, s := range f.Status {
			args = append(args, string(s))
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "status IN ("+strings.Join(in, ", ")+")")
	}
	q := `SELECT ` + recordColumns + ` FROM saga`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := l.db.QueryContext(ctx, q+" ORDER BY created, id", args...)
	if err != nil {
		return nil, fmt.Errorf("sqllog: list: %w", err)
	}
	defer rows.Close()
	var out []saga.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("sqllog: list: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqllog: list: %w", err)
	}
	return out, nil
}

// Events implements saga.Log.
func (l *Log) Events(ctx context.Context, id string) ([]saga.Event, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT saga_id, seq, at, owner, type, step, step_name, attempt, error
FROM saga_event WHERE saga_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("sqllog: events of %s: %w", id, err)
	}
	defer rows.Close()
	var out []saga.Event
	for rows.Next() {
		var (
			ev saga.Event
			at int64
		)
		if err := rows.Scan(&ev.SagaID, &ev.Seq, &at, &ev.Owner, &ev.Type, &ev.Step, &ev.StepName, &ev.Attempt, &ev.Error); err != nil {
			return nil, fmt.Errorf("sqllog: events of %s: %w", id, err)
		}
		ev.At = fromNanos(at)
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqllog: events of %s: %w", id, err)
	}
	return out, nil
}
