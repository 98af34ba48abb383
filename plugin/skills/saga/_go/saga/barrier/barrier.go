package barrier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Op is the operation a barrier guards.
type Op string

// The operations of a saga step.
const (
	Action       Op = "action"
	Compensation Op = "compensation"
)

// ErrCompensated is returned by Do for an action whose compensation has
// already run (or was skipped as a null compensation): the action must not
// run any more.
var ErrCompensated = errors.New("barrier: action arrived after its compensation")

// Schema is the table Do writes to, as CreateTable creates it; it is the
// same for SQLite and PostgreSQL.
const Schema = `CREATE TABLE IF NOT EXISTS saga_barrier (
	saga_key    TEXT NOT NULL,
	op          TEXT NOT NULL,
	inserted_by TEXT NOT NULL,
	PRIMARY KEY (saga_key, op)
)`

// CreateTable creates the table saga_barrier if it does not exist.
func CreateTable(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, Schema); err != nil {
		return fmt.Errorf("barrier: create table: %w", err)
	}
	return nil
}

// Do runs fn in tx at most once for key and op, and never runs an action
// after its compensation nor a compensation for an action that never ran.
// It returns nil when fn succeeded or was skipped as a duplicate or a null
// compensation, ErrCompensated for an action that arrived after its
// compensation, and otherwise fn's error or the database's. On an error the
// caller must roll tx back; on nil it commits tx.
func Do(ctx context.Context, tx *sql.Tx, key string, op Op, fn func(tx *sql.Tx) error) error {
	switch op {
	case Action:
		inserted, err := insert(ctx, tx, key, Action, Action)
		if err != nil {
			return err
		}
		if inserted {
			return fn(tx)
		}
		var by Op
		if err := tx.QueryRowContext(ctx, `SELECT inserted_by FROM saga_barrier WHERE saga_key = $1 AND op = $2`, key, string(Action)).Scan(&by); err != nil {
			return fmt.Errorf("barrier: %s: %w", key, err)
		}
		if by == Compensation {
			return fmt.Errorf("%w: %s", ErrCompensated, key)
		}
		return nil // a duplicate
	case Compensation:
		applied, err := Fence(ctx, tx, key)
		if err != nil {
			return err
		}
		inserted, err := insert(ctx, tx, key, Compensation, Compensation)
		if err != nil || !inserted || !applied {
			return err // a duplicate, or a null compensation
		}
		return fn(tx)
	}
	return fmt.Errorf("barrier: unknown op %q", op)
}

// Fence reports, in tx, whether the action under key took effect and, when
// it did not, makes sure that it never will: it records the action's row on
// the action's behalf, as a compensation does, so that a late action gets
// ErrCompensated. It is what a participant's status endpoint runs for a
// saga's Step.Query on a step up to the pivot: answer that the action took
// effect when Fence returns true, and refuse (saga.Abort) when it returns
// false. Commit tx when the error is nil.
func Fence(ctx context.Context, tx *sql.Tx, key string) (applied bool, err error) {
	fenced, err := insert(ctx, tx, key, Action, Compensation)
	if err != nil || fenced {
		return false, err
	}
	var by Op
	if err := tx.QueryRowContext(ctx, `SELECT inserted_by FROM saga_barrier WHERE saga_key = $1 AND op = $2`, key, string(Action)).Scan(&by); err != nil {
		return false, fmt.Errorf("barrier: %s: %w", key, err)
	}
	return by == Action, nil
}

// insert adds the row (key, op) marked as inserted by by, and reports
// whether it was new.
func insert(ctx context.Context, tx *sql.Tx, key string, op, by Op) (bool, error) {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO saga_barrier (saga_key, op, inserted_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		key, string(op), string(by))
	if err != nil {
		return false, fmt.Errorf("barrier: %s %s: %w", op, key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("barrier: %s %s: %w", op, key, err)
	}
	return n == 1, nil
}

// Run is Do in a transaction of its own on db: it commits when Do returns
// nil and rolls back otherwise.
func Run(ctx context.Context, db *sql.DB, key string, op Op, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("barrier: begin: %w", err)
	}
	if err := Do(ctx, tx, key, op, fn); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("barrier: commit: %w", err)
	}
	return nil
}
