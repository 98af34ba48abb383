package outbox

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// DefaultInboxTable is the inbox table used when NewInbox gets "".
const DefaultInboxTable = "inbox"

// Inbox is the consumer's half of exactly-once processing: a table of the
// (source, id) keys of the events already processed. Relays and brokers
// deliver at least once; a consumer that calls First in the transaction
// that applies an event, and skips the event when First says it is a
// duplicate, applies every event once.
type Inbox struct {
	db     *sql.DB
	table  string
	insert string
}

// NewInbox returns the inbox in table (DefaultInboxTable if empty) of db.
// Call CreateTable once before use.
func NewInbox(db *sql.DB, table string) (*Inbox, error) {
	if table == "" {
		table = DefaultInboxTable
	}
	if err := sqldb.CheckName(table); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return &Inbox{
		db: db, table: table,
		insert: "INSERT INTO " + table + " (source, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	}, nil
}

// CreateTable creates the inbox table if it does not exist.
func (i *Inbox) CreateTable(ctx context.Context) error {
	_, err := i.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+i.table+" (source TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (source, event_id))")
	if err != nil {
		return fmt.Errorf("outbox: create inbox: %w", err)
	}
	return nil
}

// First records k in tx and reports whether this is the first time: true
// means process the event in tx, false means it was processed before (or is
// being processed by a transaction that has not finished; on PostgreSQL
// First then waits for that transaction) and should be acknowledged without
// processing.
func (i *Inbox) First(ctx context.Context, tx *sql.Tx, k events.Key) (bool, error) {
	res, err := tx.ExecContext(ctx, i.insert, k.Source, k.ID)
	if err != nil {
		return false, fmt.Errorf("outbox: inbox %s: %w", k, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("outbox: inbox %s: %w", k, err)
	}
	return n == 1, nil
}
