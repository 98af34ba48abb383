package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// DefaultInboxTable is the inbox table used when InboxSettings.Table is
// empty.
const DefaultInboxTable = "inbox"

// InboxSettings configure an Inbox. The zero value uses DefaultInboxTable
// and the system clock.
type InboxSettings struct {
	// Table is the inbox table. Empty means DefaultInboxTable.
	Table string
	// Clock stamps each entry with the time it was handled. Nil means
	// clock.System.
	Clock clock.Clock
}

// Inbox is the consumer's half of exactly-once processing: a table of the
// (source, id) keys of the events already processed, each with the time it
// was handled. Relays and brokers deliver at least once; a consumer that
// calls First in the transaction that applies an event, and skips the event
// when First says it is a duplicate, applies every event once, as long as
// the entry is kept (see Expire).
type Inbox struct {
	db     *sql.DB
	table  string
	clock  clock.Clock
	insert string
}

// NewInbox returns the inbox of s in db. Call CreateTable once before use.
func NewInbox(db *sql.DB, s InboxSettings) (*Inbox, error) {
	if s.Table == "" {
		s.Table = DefaultInboxTable
	}
	if s.Clock == nil {
		s.Clock = clock.System
	}
	if err := sqldb.CheckName(s.Table); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return &Inbox{
		db: db, table: s.Table, clock: s.Clock,
		insert: "INSERT INTO " + s.Table + " (source, event_id, handled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
	}, nil
}

// CreateTable creates the inbox table and its index if they do not exist.
// An inbox table created before entries had a time gets the handled_at
// column, with the time of the upgrade for its old entries.
func (i *Inbox) CreateTable(ctx context.Context) error {
	_, err := i.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+i.table+
		" (source TEXT NOT NULL, event_id TEXT NOT NULL, handled_at BIGINT NOT NULL, PRIMARY KEY (source, event_id))")
	if err == nil {
		err = addColumn(ctx, i.db, i.table, "handled_at", "BIGINT NOT NULL DEFAULT 0")
	}
	if err == nil {
		_, err = i.db.ExecContext(ctx, "UPDATE "+i.table+" SET handled_at = $1 WHERE handled_at = 0", i.clock.Now().UnixMilli())
	}
	if err == nil {
		_, err = i.db.ExecContext(ctx, "CREATE INDEX IF NOT EXISTS "+i.table+"_handled ON "+i.table+" (handled_at)")
	}
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
	res, err := tx.ExecContext(ctx, i.insert, k.Source, k.ID, i.clock.Now().UnixMilli())
	if err != nil {
		return false, fmt.Errorf("outbox: inbox %s: %w", k, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("outbox: inbox %s: %w", k, err)
	}
	return n == 1, nil
}

// Expire deletes the entries of events handled more than olderThan ago and
// returns how many it deleted. An event delivered again after its entry
// expired is applied again, so keep entries longer than the longest time an
// event can be delivered again: the broker's redelivery window (on NATS the
// retry delays plus AckWait times MaxDeliver; with the message-queue
// retry ladder, the sum of its delays), the outbox lease, and any replay of
// the stream or of dead letters you may run. Run it from a periodic job.
func (i *Inbox) Expire(ctx context.Context, olderThan time.Duration) (int64, error) {
	before := i.clock.Now().Add(-olderThan).UnixMilli()
	res, err := i.db.ExecContext(ctx, "DELETE FROM "+i.table+" WHERE handled_at < $1", before)
	if err != nil {
		return 0, fmt.Errorf("outbox: expire inbox: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("outbox: expire inbox: %w", err)
	}
	return n, nil
}
