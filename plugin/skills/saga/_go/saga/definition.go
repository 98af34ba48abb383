package saga

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Kind is the role of a step in a saga, after Richardson's taxonomy. A
// definition lists its compensatable steps first, then at most one pivot,
// then its retriable steps.
type Kind int

const (
	// Compensatable steps come first. Their effect can be undone by a
	// compensation; when a later step up to the pivot fails, the
	// compensations of the steps that ran are called in reverse order. A
	// compensatable step whose action gives up (an Abort error, attempts
	// used up, the saga's deadline) turns the saga back, its own
	// compensation included — but only once its outcome is known: an
	// outcome left unknown is resolved first (Step.Query) or the saga is
	// parked. A compensatable step without a compensation (a read) has
	// nothing to undo.
	Compensatable Kind = iota

	// Pivot is the go/no-go step: once it has succeeded the saga can only go
	// forward. It has no compensation. An Abort error, or failures of known
	// outcome until the attempts or the deadline run out, turn the saga back
	// and compensate the steps before it. An unknown outcome never does: it
	// is retried with the same key, resolved through Step.Query, or parked,
	// since the pivot may have taken effect (a card charged).
	Pivot

	// Retriable steps follow the pivot and must eventually succeed. They have
	// no compensation. Failures are retried; past the retry policy's attempts,
	// past the saga's deadline, or on an Abort error, the saga is parked for
	// an operator.
	Retriable
)

// String returns "compensatable", "pivot" or "retriable".
func (k Kind) String() string {
	switch k {
	case Compensatable:
		return "compensatable"
	case Pivot:
		return "pivot"
	case Retriable:
		return "retriable"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// DefaultTimeout is the per-attempt timeout of a step whose Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Step is one step of a saga over data of type T.
//
// Action and Compensate are called with an idempotency key, "sagaID:name",
// that is the same for every attempt and for the compensation: a participant
// uses it to ignore duplicate calls and to find what an action did (see the
// barrier package). Both may be called more than once, and Compensate may be
// called for an action that never ran.
//
// The error of an action says what became of the attempt, in four classes:
// nil is a success; an error wrapped with Abort is a business refusal (no
// effect, and none later); an error wrapped with Unknown is an attempt that
// may have taken effect; any other error is a failure without effect, which
// is retried. An attempt cut by its Timeout or by the end of the lease is
// unknown whatever it returns. Once an attempt of a step was unknown, the
// step stays unknown until a success or a refusal answers for its key.
type Step[T any] struct {
	// Name identifies the step in the log and in idempotency keys. It must
	// be unique within its saga and must not be empty.
	Name string

	// Kind is the role of the step; the zero value is Compensatable.
	Kind Kind

	// Action does the step's work. It gets the saga's data as last recorded
	// and returns the data to pass on, which is recorded when it succeeds.
	// Its error is classified as the Step documentation says. Required.
	Action func(ctx context.Context, key string, data T) (T, error)

	// Query, if set, asks the participant what became of the action under
	// key, without doing it, when the orchestrator has to stop retrying a
	// step whose outcome is unknown (its attempts or the saga's deadline ran
	// out). It returns the data as the action would and nil when the action
	// took effect; an Abort error when it did not and never will (the
	// participant refused the key, or fenced it as the barrier does for a
	// compensated key); any other error when it cannot tell. Then, and when
	// Query is nil, the saga is parked: an operator finds out.
	Query func(ctx context.Context, key string, data T) (T, error)

	// Compensate undoes the action of a compensatable step. It gets the data
	// as last recorded: that includes the action's output when the action
	// was recorded as done, and not when its outcome is unknown, so it should
	// find what to undo through the key. Errors are retried per Retry; past
	// its attempts, or on an Abort error, the saga is parked. Nil for pivot
	// and retriable steps; optional for compensatable ones (nothing to undo).
	Compensate func(ctx context.Context, key string, data T) error

	// Timeout bounds each attempt of the action, of the compensation and of
	// Query. A timed-out attempt is of unknown outcome. Attempts are also
	// cut at the end of the orchestrator's lease. Zero means DefaultTimeout.
	Timeout time.Duration

	// Retry says how often, and with which waits, the action and the
	// compensation are attempted.
	Retry RetryPolicy
}

// timeout returns the step's Timeout or its default.
func (s *Step[T]) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

// DefaultDeadline is the deadline of a saga whose definition's Deadline is
// zero.
const DefaultDeadline = 24 * time.Hour

// Definition is a named, ordered list of steps. Sagas recorded in a Log carry
// the name, so that an orchestrator recovers only the sagas of its own
// definition.
type Definition[T any] struct {
	// Name identifies the definition in the log. Required.
	Name string
	// Steps run in order: compensatable steps, then at most one pivot, then
	// retriable steps.
	Steps []Step[T]
	// Deadline bounds how long a saga may go forward, from its creation; it
	// is recorded with the saga, so a later change of the definition does
	// not move it. No attempt starts after it: a saga still short of its
	// pivot's success turns back (resolving an unknown outcome first, see
	// Step.Query), and a saga past its pivot is parked with ErrDeadline.
	// Compensations are not bounded by it. Zero means DefaultDeadline; a
	// negative value means no deadline.
	Deadline time.Duration
}

// deadline returns the deadline of a saga created at created.
func (d *Definition[T]) deadline(created time.Time) time.Time {
	switch {
	case d.Deadline < 0:
		return time.Time{}
	case d.Deadline == 0:
		return created.Add(DefaultDeadline)
	}
	return created.Add(d.Deadline)
}

// Validate reports the first rule d breaks, as an error wrapping
// ErrInvalidDefinition: a name, at least one step, unique step names without
// surrounding space, an action for every step, compensations only on
// compensatable steps, and the kinds in order (compensatable steps, at most
// one pivot, retriable steps).
func (d *Definition[T]) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: saga %q: %s", ErrInvalidDefinition, d.Name, fmt.Sprintf(format, args...))
	}
	if d.Name == "" {
		return fmt.Errorf("%w: empty saga name", ErrInvalidDefinition)
	}
	if len(d.Steps) == 0 {
		return bad("no steps")
	}
	names := make(map[string]bool, len(d.Steps))
	prev := Compensatable
	for i, s := range d.Steps {
		switch {
		case s.Name == "" || strings.TrimSpace(s.Name) != s.Name:
			return bad("step %d: name %q is empty or has surrounding space", i, s.Name)
		case names[s.Name]:
			return bad("step %d: duplicate name %q", i, s.Name)
		case s.Action == nil:
			return bad("step %q: no action", s.Name)
		case s.Kind < Compensatable || s.Kind > Retriable:
			return bad("step %q: unknown kind %d", s.Name, int(s.Kind))
		case s.Kind != Compensatable && s.Compensate != nil:
			return bad("step %q: a %s step has no compensation", s.Name, s.Kind)
		case s.Kind < prev:
			return bad("step %q: a %s step after a %s step", s.Name, s.Kind, prev)
		case s.Kind == Pivot && prev == Pivot:
			return bad("step %q: a second pivot", s.Name)
		}
		names[s.Name] = true
		prev = s.Kind
	}
	return nil
}
