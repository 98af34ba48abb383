package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// ErrParked is wrapped by the *ParkedError that a relay reports when it
// parks a row.
var ErrParked = errors.New("outbox: row parked")

// ParkedError reports a row that the relay parked after MaxAttempts failed
// publishes. It wraps ErrParked.
type ParkedError struct {
	Row Parked
}

func (e *ParkedError) Error() string {
	return fmt.Sprintf("outbox: parked row %d (%s %s) after %d attempts: %s",
		e.Row.ID, e.Row.Event.Type, e.Row.Event.Key(), e.Row.Attempts, e.Row.Reason)
}

func (e *ParkedError) Unwrap() error { return ErrParked }

// Parked is a row of the parked table: an event the relay gave up on, and
// why.
type Parked struct {
	ID       int64        // the row's id in the outbox
	Event    events.Event // the event
	Attempts int          // failed publishes
	Reason   string       // the last publish error
	ParkedAt time.Time    // when it was parked
}

// park moves rw to the parked table in one transaction and reports it as a
// *ParkedError.
func (o *Outbox) park(ctx context.Context, rw row, attempts int, reason string) error {
	raw, err := json.Marshal(rw.event)
	if err != nil {
		return fmt.Errorf("outbox: park row %d: %w", rw.id, err)
	}
	at := o.s.Clock.Now()
	err = sqldb.InTx(ctx, o.db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+o.s.Table+"_parked (id, source, event_id, type, event, attempts, reason, parked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			rw.id, rw.event.Source, rw.event.ID, rw.event.Type, raw, attempts, reason, at.UnixMilli()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM "+o.s.Table+" WHERE id = $1", rw.id)
		return err
	})
	if err != nil {
		return fmt.Errorf("outbox: park row %d: %w", rw.id, err)
	}
	return &ParkedError{Row: Parked{ID: rw.id, Event: rw.event, Attempts: attempts, Reason: reason, ParkedAt: at}}
}

// Parked returns up to limit parked rows (all when limit < 1), oldest first.
func (o *Outbox) Parked(ctx context.Context, limit int) ([]Parked, error) {
	q := "SELECT id, event, attempts, reason, parked_at FROM " + o.s.Table + "_parked ORDER BY id"
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	rows, err := o.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("outbox: parked rows: %w", err)
	}
	defer rows.Close()
	var out []Parked
	for rows.Next() {
		var p Parked
		var raw []byte
		var at int64
		if err := rows.Scan(&p.ID, &raw, &p.Attempts, &p.Reason, &at); err != nil {
			return nil, fmt.Errorf("outbox: parked rows: %w", err)
		}
		if err := json.Unmarshal(raw, &p.Event); err != nil {
			return nil, fmt.Errorf("outbox: parked row %d: %w", p.ID, err)
		}
		p.ParkedAt = time.UnixMilli(at).UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outbox: parked rows: %w", err)
	}
	return out, nil
}

// ReplayParked moves the parked rows with the given ids back into the outbox,
// with no attempts, so that the relays publish them again; fix what made
// them fail first. It returns how many rows it moved; ids that are not
// parked are ignored. Each row moves in a transaction of its own.
func (o *Outbox) ReplayParked(ctx context.Context, ids ...int64) (int, error) {
	moved := 0
	for _, id := range ids {
		found := false
		err := sqldb.InTx(ctx, o.db, func(tx *sql.Tx) error {
			var source, eventID, typ string
			var raw []byte
			err := tx.QueryRowContext(ctx, "SELECT source, event_id, type, event FROM "+o.s.Table+"_parked WHERE id = $1", id).
				Scan(&source, &eventID, &typ, &raw)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, o.insert, source, eventID, typ, raw); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+o.s.Table+"_parked WHERE id = $1", id); err != nil {
				return err
			}
			found = true
			return nil
		})
		if err != nil {
			return moved, fmt.Errorf("outbox: replay parked row %d: %w", id, err)
		}
		if found {
			moved++
		}
	}
	return moved, nil
}
