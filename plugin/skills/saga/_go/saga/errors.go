package saga

import (
	"errors"
	"fmt"
)

// Errors returned by orchestrators and logs; test for them with errors.Is.
var (
	// ErrInvalidDefinition is wrapped by the error New returns for a
	// definition that breaks a rule (names, kinds and their order, actions,
	// compensations).
	ErrInvalidDefinition = errors.New("saga: invalid definition")

	// ErrExists is returned when a saga with the same ID is already recorded.
	ErrExists = errors.New("saga: already exists")

	// ErrNotFound is returned for a saga ID that is not recorded.
	ErrNotFound = errors.New("saga: not found")

	// ErrLeased is returned when another orchestrator holds an unexpired
	// lease on the saga.
	ErrLeased = errors.New("saga: leased by another orchestrator")

	// ErrLeaseLost is returned when a write finds that the orchestrator no
	// longer holds the saga's lease (it expired and another orchestrator took
	// the saga over). The orchestrator stops driving the saga at once.
	ErrLeaseLost = errors.New("saga: lease lost")

	// ErrParked is matched by a *ParkedError: the saga needs an operator.
	ErrParked = errors.New("saga: parked")

	// ErrNotParked is returned by Retry and Resolve for a saga that is not
	// parked.
	ErrNotParked = errors.New("saga: not parked")

	// ErrOtherDefinition is returned when an orchestrator is asked to drive
	// a saga recorded under another definition's name.
	ErrOtherDefinition = errors.New("saga: recorded under another definition")
)

// Abort marks err as a business refusal: the participant answered, for the
// step's idempotency key, that it did not and will not apply the action (a
// declined card, no stock). A step's action that returns it is not retried,
// and the saga turns back (before and at the pivot) or is parked (after it).
// A compensation that returns it is parked at once. Never wrap an answer
// that leaves the outcome open (a 409 "still in flight", a timeout): that is
// Unknown. Abort(nil) is nil. Test for it with
// errors.As(err, new(*AbortError)).
func Abort(err error) error {
	if err == nil {
		return nil
	}
	return &AbortError{Err: err}
}

// AbortError is a business failure, made by Abort.
type AbortError struct {
	// Err is the failure.
	Err error
}

// Error returns the message of Err.
func (e *AbortError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *AbortError) Unwrap() error { return e.Err }

func isAbort(err error) bool {
	var a *AbortError
	return errors.As(err, &a)
}

// Unknown marks err as an attempt of unknown outcome: the participant may
// have applied it, or may still be applying it. Return it when the request
// may have reached the participant and no answer says what became of it: a
// timeout after the request was sent, a connection reset after the write,
// a 409 that says the same idempotency key is still in flight, a 5xx to a
// request without an idempotency key. The orchestrator then retries with the
// same key, and never compensates the step, nor turns back from the pivot,
// before the outcome is resolved (see Step.Query). An attempt cut by its
// timeout or by the end of the lease is of unknown outcome too, whatever it
// returns. Unknown(nil) is nil. Test for it with
// errors.As(err, new(*UnknownError)).
func Unknown(err error) error {
	if err == nil {
		return nil
	}
	return &UnknownError{Err: err}
}

// UnknownError is an attempt of unknown outcome, made by Unknown.
type UnknownError struct {
	// Err is what happened to the attempt.
	Err error
}

// Error returns the message of Err.
func (e *UnknownError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *UnknownError) Unwrap() error { return e.Err }

func isUnknown(err error) bool {
	var u *UnknownError
	return errors.As(err, &u)
}

// ErrDeadline is the reason recorded for a saga that turned back, or was
// parked, because its deadline passed (see Definition.Deadline).
var ErrDeadline = errors.New("saga: deadline passed")

// ParkedError says that a saga is parked: a step could not go on within its
// retry policy, and retrying or compensating on its own would be wrong. It
// matches ErrParked.
type ParkedError struct {
	// ID is the saga's ID.
	ID string
	// Step is the name of the step whose action or compensation failed.
	Step string
	// Compensating is true when the compensation failed.
	Compensating bool
	// Err is the error recorded for the last attempt.
	Err string
}

// Error says which saga, step and operation, and why.
func (e *ParkedError) Error() string {
	op := "action"
	if e.Compensating {
		op = "compensation"
	}
	return fmt.Sprintf("saga %s parked at the %s of step %q: %s", e.ID, op, e.Step, e.Err)
}

// Is reports whether target is ErrParked.
func (e *ParkedError) Is(target error) bool { return target == ErrParked }
