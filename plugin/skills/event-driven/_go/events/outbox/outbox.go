package outbox

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// Defaults used for zero fields of Settings.
const (
	DefaultTable          = "outbox"
	DefaultBatchSize      = 100
	DefaultLease          = 30 * time.Second
	DefaultPollInterval   = time.Second
	DefaultPublishTimeout = 10 * time.Second
	DefaultMaxAttempts    = 20
	DefaultMaxRetryDelay  = time.Minute
)

// Settings configure an Outbox and its relays. The zero value of every
// field means the documented default.
type Settings struct {
	// Table is the outbox table. Empty means DefaultTable.
	Table string
	// BatchSize is the most rows a relay claims at a time. Values below 1
	// mean DefaultBatchSize.
	BatchSize int
	// Lease is how long claimed rows stay reserved for the relay that
	// claimed them; after that another relay may publish them again. It must
	// be well above the time to publish a batch. Values of zero or less mean
	// DefaultLease.
	Lease time.Duration
	// PollInterval is how long Relay.Run waits when the outbox is empty or
	// publishing failed. Values of zero or less mean DefaultPollInterval.
	PollInterval time.Duration
	// PublishTimeout bounds each Publisher.Publish call of a relay, whatever
	// deadline the relay's context has: a broker acknowledgement lost with
	// the connection fails that publish after PublishTimeout, and the relay
	// releases the rest of the batch and goes on. Keep it well below Lease.
	// Values of zero or less mean DefaultPublishTimeout.
	PublishTimeout time.Duration
	// MaxAttempts is how many failed publishes of one row the relay counts
	// before it parks the row: moves it to the parked table (Table +
	// "_parked") with the last error, where it waits for an operator (see
	// Parked and ReplayParked). A failure counts only when the broker took
	// the next row of the batch right after it: a failure while the next row
	// fails too is the broker's, so an outage parks nothing, and a poison row
	// alone in the outbox is only retried (it blocks nothing) until rows
	// come behind it. Values below 1 mean DefaultMaxAttempts.
	MaxAttempts int
	// MaxRetryDelay caps the wait before a row whose publish failed is tried
	// again: PollInterval after the first failure, doubling with each
	// further one. Meanwhile the relay publishes the rows behind it. Values
	// of zero or less mean DefaultMaxRetryDelay.
	MaxRetryDelay time.Duration
	// OnError, if set, is called by Relay.Run with every error it recovers
	// from (it retries after PollInterval). A row that was parked comes as
	// a *ParkedError (errors.Is(err, ErrParked)): count these, and alert.
	OnError func(error)
	// Tracing puts the trace context of Add's context into each event's
	// traceparent and tracestate extensions, and makes a span for each
	// relayed event in that trace.
	Tracing bus.Tracing
	// Clock is the time source for leases and waits. Nil means clock.System.
	Clock clock.Clock
}

func (s Settings) withDefaults() Settings {
	if s.Table == "" {
		s.Table = DefaultTable
	}
	if s.BatchSize < 1 {
		s.BatchSize = DefaultBatchSize
	}
	if s.Lease <= 0 {
		s.Lease = DefaultLease
	}
	if s.PollInterval <= 0 {
		s.PollInterval = DefaultPollInterval
	}
	if s.PublishTimeout <= 0 {
		s.PublishTimeout = DefaultPublishTimeout
	}
	if s.MaxAttempts < 1 {
		s.MaxAttempts = DefaultMaxAttempts
	}
	if s.MaxRetryDelay <= 0 {
		s.MaxRetryDelay = DefaultMaxRetryDelay
	}
	if s.Clock == nil {
		s.Clock = clock.System
	}
	return s
}

// Outbox writes events into the outbox table and relays them. It is safe
// for concurrent use.
type Outbox struct {
	db      *sql.DB
	dialect *sqldb.Dialect
	s       Settings
	insert  string
	claim   string
	release string
	retry   string
}

// New returns an Outbox for the table of s in db, whose database is
// described by dialect (sqldb.SQLite or sqldb.Postgres). Call CreateTable
// once before use.
func New(db *sql.DB, dialect *sqldb.Dialect, s Settings) (*Outbox, error) {
	s = s.withDefaults()
	if err := sqldb.CheckName(s.Table); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	t := s.Table
	return &Outbox{
		db: db, dialect: dialect, s: s,
		insert: "INSERT INTO " + t + " (source, event_id, type, event) VALUES ($1, $2, $3, $4)",
		claim: "UPDATE " + t + " SET claimed_until = $1 WHERE id IN (SELECT id FROM " + t +
			" WHERE claimed_until <= $2 ORDER BY id LIMIT $3" + dialect.SkipLocked() + ") RETURNING id, event, attempts",
		release: "UPDATE " + t + " SET claimed_until = 0 WHERE id IN ",
		retry:   "UPDATE " + t + " SET claimed_until = $1, attempts = $2, last_error = $3 WHERE id = $4",
	}, nil
}

// CreateTable creates the outbox table, its index and the parked table if
// they do not exist, and adds the last_error column to an outbox table
// created before it existed.
func (o *Outbox) CreateTable(ctx context.Context) error {
	t := o.s.Table
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS " + t + " (id " + o.dialect.Identity() + ", source TEXT NOT NULL, event_id TEXT NOT NULL, " +
			"type TEXT NOT NULL, event " + o.dialect.Blob() + " NOT NULL, claimed_until BIGINT NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, " +
			"last_error TEXT NOT NULL DEFAULT '')",
		"CREATE INDEX IF NOT EXISTS " + t + "_claim ON " + t + " (claimed_until, id)",
		"CREATE TABLE IF NOT EXISTS " + t + "_parked (id BIGINT PRIMARY KEY, source TEXT NOT NULL, event_id TEXT NOT NULL, " +
			"type TEXT NOT NULL, event " + o.dialect.Blob() + " NOT NULL, attempts INTEGER NOT NULL, reason TEXT NOT NULL, parked_at BIGINT NOT NULL)",
	} {
		if _, err := o.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("outbox: create table: %w", err)
		}
	}
	if err := addColumn(ctx, o.db, t, "last_error", "TEXT NOT NULL DEFAULT ''"); err != nil {
		return fmt.Errorf("outbox: create table: %w", err)
	}
	return nil
}

// addColumn adds column to table unless it has it (a table created by an
// older version of this package).
func addColumn(ctx context.Context, db *sql.DB, table, column, def string) error {
	rows, err := db.QueryContext(ctx, "SELECT "+column+" FROM "+table+" WHERE 1 = 0")
	if err == nil {
		return rows.Close()
	}
	_, err = db.ExecContext(ctx, "ALTER TABLE "+table+" ADD COLUMN "+column+" "+def)
	return err
}

// Add writes evs to the outbox inside tx, the transaction that changes the
// state the events describe. They are relayed once tx commits, and dropped
// with it if it rolls back. Every event must pass events.Event.Validate;
// validate the data against its schema before (see schema.Registry.Stamp).
//
// Each event without a traceparent extension gets the trace context of ctx
// (see Settings.Tracing), so that the relay and the subscribers continue the
// trace of the request that produced it.
func (o *Outbox) Add(ctx context.Context, tx *sql.Tx, evs ...events.Event) error {
	for _, e := range evs {
		if err := e.Validate(); err != nil {
			return err
		}
		e = o.s.Tracing.Stamp(ctx, e)
		raw, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("outbox: encode %s: %w", e.Key(), err)
		}
		if _, err := tx.ExecContext(ctx, o.insert, e.Source, e.ID, e.Type, raw); err != nil {
			return fmt.Errorf("outbox: add %s: %w", e.Key(), err)
		}
	}
	return nil
}

// Publisher sends one event to the broker. Publish must return only once
// the broker has taken responsibility for the event (a publisher confirm, a
// JetStream ack); a nil error is what lets the relay delete the row. It is
// bus.Publisher, which natsbus.Publisher and amqpbus.Publisher implement.
type Publisher = bus.Publisher

// Relay moves committed outbox rows to a Publisher. Run one or more per
// database; see the package documentation for how they share the work.
type Relay struct {
	o   *Outbox
	pub Publisher
}

// Relay returns a relay that publishes this outbox's events with pub.
func (o *Outbox) Relay(pub Publisher) *Relay { return &Relay{o: o, pub: pub} }

type row struct {
	id       int64
	event    events.Event
	attempts int
}

// RelayOnce claims one batch, publishes it in id order and deletes the rows
// it published. It returns how many events it published. On a publish error,
// including a publish that took longer than PublishTimeout, it tries the next
// row once: when the broker takes that one, the failed row is to blame and
// its attempt counts; when it fails too, or there is none, the broker may be
// in trouble and no attempt counts. The failed row is set aside until its retry delay has
// passed (or parked after MaxAttempts counted attempts), the rest of the
// batch is released for the next pass, and the error is returned. The rows
// behind a failing row are therefore published while it waits. When ctx ends
// before the deletes, the published rows stay claimed and are published again
// after the lease: at least once, never lost.
func (r *Relay) RelayOnce(ctx context.Context) (int, error) {
	batch, err := r.claim(ctx)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	published := 0
	var pubErr error
	for _, rw := range batch {
		if pubErr = r.publish(ctx, rw.event); pubErr != nil {
			pubErr = fmt.Errorf("outbox: publish %s: %w", rw.event.Key(), pubErr)
			break
		}
		published++
	}
	done := batch[:published:published]
	var rest []row
	if pubErr != nil {
		bad := batch[published]
		rest = batch[published+1:]
		// Is it the row or the broker? Only the broker taking the next row
		// puts the blame on this one.
		blame := false
		if len(rest) > 0 && ctx.Err() == nil && r.publish(ctx, rest[0].event) == nil {
			blame = true
			done, rest = append(done, rest[0]), rest[1:]
		}
		switch {
		case ctx.Err() != nil:
			rest = append(rest, bad) // the relay is stopping: no verdict on the row
		default:
			if err := r.failed(ctx, bad, pubErr, blame); err != nil {
				pubErr = errors.Join(pubErr, err)
			}
		}
	}
	if err := r.o.exec(ctx, "DELETE FROM "+r.o.s.Table+" WHERE id IN ", done); err != nil {
		return len(done), errors.Join(pubErr, err)
	}
	if err := r.o.exec(ctx, r.o.release, rest); err != nil {
		return len(done), errors.Join(pubErr, err)
	}
	return len(done), pubErr
}

// failed records a failed publish of rw. When blame is set, the attempt
// counts: rw is parked after MaxAttempts. Either way rw stays claimed until
// its retry delay has passed.
func (r *Relay) failed(ctx context.Context, rw row, cause error, blame bool) error {
	s := r.o.s
	attempts := rw.attempts
	if blame {
		attempts++
	}
	reason := cause.Error()
	if len(reason) > maxReason {
		reason = reason[:maxReason]
	}
	if attempts >= s.MaxAttempts {
		return r.o.park(ctx, rw, attempts, reason)
	}
	delay := s.PollInterval
	for i := 1; i < attempts && delay < s.MaxRetryDelay; i++ {
		delay *= 2
	}
	delay = min(delay, s.MaxRetryDelay)
	until := s.Clock.Now().Add(delay).UnixMilli()
	if _, err := r.o.db.ExecContext(ctx, r.o.retry, until, attempts, reason, rw.id); err != nil {
		return fmt.Errorf("outbox: set row %d aside: %w", rw.id, err)
	}
	return nil
}

// maxReason bounds the stored text of a publish error.
const maxReason = 1024

// publish publishes e within PublishTimeout, in a span of the trace that
// produced e.
func (r *Relay) publish(ctx context.Context, e events.Event) (err error) {
	tr := r.o.s.Tracing
	ctx, span := tr.Start(tr.Producer(ctx, e), "outbox relay "+e.Type, trace.SpanKindInternal, "outbox", r.o.s.Table, e)
	defer func() { bus.End(span, err) }()
	ctx, cancel := context.WithTimeout(ctx, r.o.s.PublishTimeout)
	defer cancel()
	return r.pub.Publish(ctx, e)
}

// claim reserves up to BatchSize rows whose lease has expired (or that were
// never claimed) and returns them in id order.
func (r *Relay) claim(ctx context.Context) ([]row, error) {
	now := r.o.s.Clock.Now()
	var batch []row
	err := sqldb.InTx(ctx, r.o.db, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, r.o.claim, now.Add(r.o.s.Lease).UnixMilli(), now.UnixMilli(), r.o.s.BatchSize)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rw row
			var raw []byte
			if err := rows.Scan(&rw.id, &raw, &rw.attempts); err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &rw.event); err != nil {
				return fmt.Errorf("row %d: %w", rw.id, err)
			}
			batch = append(batch, rw)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	slices.SortFunc(batch, func(a, b row) int { return cmp.Compare(a.id, b.id) })
	return batch, nil
}

// exec runs prefix + "(ids...)" for the ids of rows, if any.
func (o *Outbox) exec(ctx context.Context, prefix string, rows []row) error {
	if len(rows) == 0 {
		return nil
	}
	var b strings.Builder
	args := make([]any, len(rows))
	b.WriteString(prefix)
	b.WriteByte('(')
	for i, rw := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("$" + strconv.Itoa(i+1))
		args[i] = rw.id
	}
	b.WriteByte(')')
	if _, err := o.db.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("outbox: %s: %w", strings.Fields(prefix)[0], err)
	}
	return nil
}

// Run relays until ctx ends, then returns ctx.Err(). It relays batch after
// batch while there are rows, and waits PollInterval when the outbox is
// empty or an error occurred (reported to OnError).
func (r *Relay) Run(ctx context.Context) error {
	for {
		n, err := r.RelayOnce(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && r.o.s.OnError != nil {
			r.o.s.OnError(err)
		}
		if err != nil || n == 0 {
			if err := r.o.s.Clock.Sleep(ctx, r.o.s.PollInterval); err != nil {
				return err
			}
		}
	}
}

// Pending returns the number of rows in the outbox, claimed or not; parked
// rows are not counted (see Parked).
func (o *Outbox) Pending(ctx context.Context) (int, error) {
	var n int
	if err := o.db.QueryRowContext(ctx, "SELECT count(*) FROM "+o.s.Table).Scan(&n); err != nil {
		return 0, fmt.Errorf("outbox: count: %w", err)
	}
	return n, nil
}
