package saga

import (
	"context"
	"time"
)

// Status is where a saga stands.
type Status string

const (
	// StatusRunning sagas are going forward or, when Record.Compensating is
	// set, back. They are driven by the orchestrator holding their lease and
	// recovered by any orchestrator once the lease is free or expired.
	StatusRunning Status = "running"
	// StatusCompleted sagas ran every step.
	StatusCompleted Status = "completed"
	// StatusCompensated sagas turned back and ran every compensation due.
	StatusCompensated Status = "compensated"
	// StatusParked sagas need an operator: see Orchestrator.Retry and
	// Orchestrator.Resolve.
	StatusParked Status = "parked"
	// StatusResolved sagas were parked and closed by an operator.
	StatusResolved Status = "resolved"
)

// Record is the state of one saga in a Log.
type Record struct {
	ID   string // unique; chosen by the caller
	Name string // the definition's name
	// Status and Compensating say where the saga stands and which way it
	// goes.
	Status       Status
	Compensating bool
	// Step is the index of the step whose action (going forward) or
	// compensation (going back) runs next or is running; len(Steps) once
	// every action is done, -1 once every compensation is.
	Step int
	// Attempts counts the attempts at the current step's action or
	// compensation, including one that is running or was cut by a crash.
	Attempts int
	// Unknown is set while the current step's action may have taken effect
	// without the log knowing: from the start of an attempt until its
	// outcome is recorded, and after an attempt of unknown outcome until a
	// success or a refusal resolves it.
	Unknown bool
	// Due is when the next attempt may start: recovery claims the saga only
	// from then on. Zero means at once.
	Due time.Time
	// Deadline is when the saga stops going forward (see
	// Definition.Deadline); zero for none.
	Deadline time.Time
	// Data is the saga's data as JSON, as last recorded.
	Data []byte
	// Reason is why the saga turned back; empty while it goes forward.
	Reason string
	// Error is why the saga was parked, or the note of the operator who
	// resolved it.
	Error string
	// Version counts the writes of the record; each write appends the event
	// whose Seq is the new Version.
	Version int64
	// LeaseOwner holds the lease until LeaseExpires; empty when free.
	LeaseOwner   string
	LeaseExpires time.Time
	// Created and Updated are the times of the first and the last write.
	Created, Updated time.Time
}

// EventType names what an Event records.
type EventType string

// The event types. Each write of a Record appends one event.
const (
	EventCreated             EventType = "created"              // the saga was recorded
	EventAcquired            EventType = "acquired"             // an orchestrator took the lease
	EventActionStarted       EventType = "action-started"       // written before an action attempt; registers the step's compensation
	EventActionDone          EventType = "action-done"          // written after the action succeeded, with its data
	EventActionFailed        EventType = "action-failed"        // an attempt failed; another follows
	EventAborted             EventType = "aborted"              // the action gave up; the saga turns back
	EventCompensationStarted EventType = "compensation-started" // written before a compensation attempt
	EventCompensationDone    EventType = "compensation-done"    // written after the compensation succeeded
	EventCompensationFailed  EventType = "compensation-failed"  // an attempt failed; another follows
	EventParked              EventType = "parked"               // the saga needs an operator
	EventRetried             EventType = "retried"              // an operator resumed a parked saga
	EventResolved            EventType = "resolved"             // an operator closed a parked saga
	EventCompleted           EventType = "completed"            // every action is done
	EventCompensated         EventType = "compensated"          // every compensation due is done
	EventQueried             EventType = "queried"              // the participant was asked what became of an unknown outcome
)

// Event is one entry of a saga's log.
type Event struct {
	SagaID string
	Seq    int64 // the Record.Version the write produced; 1 for EventCreated
	At     time.Time
	Owner  string // the lease owner that wrote it; empty for EventCreated without a lease
	Type   EventType
	// Step and StepName name the step concerned; -1 and "" for events of the
	// whole saga.
	Step     int
	StepName string
	Attempt  int    // the attempt, for step events
	Error    string // the error of a failed attempt, an abort or a park
}

// Filter selects records for Log.List. Zero fields select everything.
type Filter struct {
	Name   string   // the definition's name
	Status []Status // any of these
}

// Log stores saga records and their events. Every write is atomic: the new
// record and its event are stored together or not at all. Implementations
// must be safe for concurrent use; the sqllog package stores them in SQLite
// or PostgreSQL, and MemoryLog keeps them in memory for tests.
type Log interface {
	// Create stores a new record r (Version 1) with its EventCreated. When
	// r.LeaseOwner is set the record is leased to it. It returns ErrExists
	// when r.ID is taken.
	Create(ctx context.Context, r Record, ev Event) error

	// Acquire leases saga id to owner until until, whatever its status, if
	// its lease is free or expired at now, appends EventAcquired and returns
	// the record. It returns ErrNotFound or ErrLeased.
	Acquire(ctx context.Context, id, owner string, now, until time.Time) (Record, error)

	// Claim is Acquire for one running saga of the named definition whose
	// lease is free or expired at now and whose Due is not after now, the
	// one due first, if any (ok is false when there is none). Concurrent
	// claims never return the same saga.
	Claim(ctx context.Context, name, owner string, now, until time.Time) (r Record, ok bool, err error)

	// NextDue returns the earliest time at which Claim can return a running
	// saga of the named definition: the later of its Due and its lease
	// expiry, over the running sagas (ok is false when there are none).
	NextDue(ctx context.Context, name string) (at time.Time, ok bool, err error)

	// Save stores r and appends ev (whose Seq it sets) if r.LeaseOwner still
	// holds the lease and the stored version is r.Version; then it
	// increments r.Version. r.LeaseExpires is the renewed expiry. Otherwise
	// it returns ErrLeaseLost and stores nothing.
	Save(ctx context.Context, r *Record, ev Event) error

	// Release frees the lease of saga id if owner holds it.
	Release(ctx context.Context, id, owner string) error

	// Get returns the record of saga id, or ErrNotFound.
	Get(ctx context.Context, id string) (Record, error)

	// List returns the records f selects, oldest first.
	List(ctx context.Context, f Filter) ([]Record, error)

	// Events returns the events of saga id in order.
	Events(ctx context.Context, id string) ([]Event, error)
}
