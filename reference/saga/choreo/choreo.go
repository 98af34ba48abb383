package choreo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// Reaction is a service's part of a saga for one event type: it changes the
// service's state in tx and returns the events to emit, made with Next. An
// error rolls everything back and makes the broker deliver the event again;
// a business refusal is not an error but an event that turns the saga back.
type Reaction func(ctx context.Context, tx *sql.Tx, e events.Event) ([]events.Event, error)

// Service runs one service's reactions exactly once per event. Create it
// with a composite literal; it is safe for concurrent use.
type Service struct {
	// DB is the service's own database, which holds its state, its inbox
	// and its outbox.
	DB *sql.DB
	// Inbox records the events the service has handled.
	Inbox *outbox.Inbox
	// Outbox stores the events the reactions emit, for its relay.
	Outbox *outbox.Outbox
	// Reactions maps event types to the service's reactions; events of other
	// types are acknowledged and ignored.
	Reactions map[string]Reaction
}

// Handle runs the reaction to e, if the service has one and has not run it
// before, in one transaction with the inbox and the outbox. Its signature is
// that of a natsbus.Handler.
func (s *Service) Handle(ctx context.Context, e events.Event) error {
	react, ok := s.Reactions[e.Type]
	if !ok {
		return nil
	}
	return sqldb.InTx(ctx, s.DB, func(tx *sql.Tx) error {
		first, err := s.Inbox.First(ctx, tx, e.Key())
		if err != nil || !first {
			return err
		}
		out, err := react(ctx, tx, e)
		if err != nil {
			return fmt.Errorf("choreo: react to %s %s: %w", e.Type, e.Key(), err)
		}
		return s.Outbox.Add(ctx, tx, out...)
	})
}

// Start begins a saga with ID sagaID: it returns its first event, from
// source, to be added to the outbox in the transaction that records the
// start (an order placed).
func Start(sagaID, source, eventType string, at time.Time, data any) (events.Event, error) {
	return emit(sagaID, source, eventType, at, data)
}

// Next returns the event of type eventType, from source, that cause leads to
// in the same saga: its subject is the saga's ID (cause's subject), and its
// ID is the saga's ID and the type, the same however often the reaction
// runs.
func Next(cause events.Event, source, eventType string, at time.Time, data any) (events.Event, error) {
	return emit(cause.Subject, source, eventType, at, data)
}

func emit(sagaID, source, eventType string, at time.Time, data any) (events.Event, error) {
	if sagaID == "" {
		return events.Event{}, fmt.Errorf("choreo: %s: no saga ID (subject)", eventType)
	}
	e, err := events.New(source, sagaID+"/"+eventType, eventType, at, data)
	e.Subject = sagaID
	return e, err
}
