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
	// compensations of the steps that ran (or may have run) are called in
	// reverse order. A compensatable step whose action gives up (it returns
	// an Abort error, or runs out of attempts) turns the saga back, its own
	// compensation included, since its outcome may be unknown. A
	// compensatable step without a compensation (a read) has nothing to undo.
	Compensatable Kind = iota

	// Pivot is the go/no-go step: once it has succeeded the saga can only go
	// forward. It has no compensation. Its outcome must be known, so
	// transient failures are retried and, past the retry policy's attempts,
	// the saga is parked rather than turned back; an Abort error turns the
	// saga back and compensates the steps before it.
	Pivot

	// Retriable steps follow the pivot and must eventually succeed. They have
	// no compensation. Failures are retried; past the retry policy's attempts,
	// or on an Abort error, the saga is parked for an operator.
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
// called for an action that never ran, or whose outcome is unknown.
type Step[T any] struct {
	// Name identifies the step in the log and in idempotency keys. It must
	// be unique within its saga and must not be empty.
	Name string

	// Kind is the role of the step; the zero value is Compensatable.
	Kind Kind

	// Action does the step's work. It gets the saga's data as last recorded
	// and returns the data to pass on, which is recorded when it succeeds.
	// An error wrapped with Abort is a business failure that no retry can
	// fix; any other error is transient and retried per Retry. Required.
	Action func(ctx context.Context, key string, data T) (T, error)

	// Compensate undoes the action of a compensatable step. It gets the data
	// as last recorded: that includes the action's output when the action
	// was recorded as done, and not when its outcome is unknown, so it should
	// find what to undo through the key. Errors are retried per Retry; past
	// its attempts, or on an Abort error, the saga is parked. Nil for pivot
	// and retriable steps; optional for compensatable ones (nothing to undo).
	Compensate func(ctx context.Context, key string, data T) error

	// Timeout bounds each attempt of the action and of the compensation. A
	// timed-out attempt counts as a transient failure of unknown outcome.
	// Attempts are also cut at the end of the orchestrator's lease. Zero
	// means DefaultTimeout.
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

// Definition is a named, ordered list of steps. Sagas recorded in a Log carry
// the name, so that an orchestrator recovers only the sagas of its own
// definition.
type Definition[T any] struct {
	// Name identifies the definition in the log. Required.
	Name string
	// Steps run in order: compensatable steps, then at most one pivot, then
	// retriable steps.
	Steps []Step[T]
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
