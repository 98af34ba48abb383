package saga

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// drive runs the saga in rec, whose lease this orchestrator holds, until it
// ends or is parked, or the orchestrator has to stop; then it frees the
// lease. When the next attempt is due later, drive waits for it if wait is
// set (Run, Drive, Retry: a caller waits for the outcome) and otherwise
// returns with the saga still running, its due time in the log, so that a
// recovery worker never sleeps through a backoff while other sagas are due.
// A panic in a step is not recovered: the saga stays as last recorded, with
// the attempt started, for recovery to run again.
func (o *Orchestrator[T]) drive(ctx context.Context, rec Record, wait bool) (Result[T], error) {
	defer o.release(ctx, rec)
	res, err := o.result(rec)
	if err != nil {
		return res, err
	}
	data := res.Data
	for rec.Status == StatusRunning {
		if d := rec.Due.Sub(o.clock.Now()); d > 0 {
			if !wait {
				return o.result(rec)
			}
			if err := o.clock.Sleep(ctx, d); err != nil {
				res, _ := o.result(rec)
				return res, err
			}
		}
		if rec.Compensating {
			err = o.compensate(ctx, &rec, data)
		} else {
			data, err = o.forward(ctx, &rec, data)
		}
		if err != nil {
			res, _ := o.result(rec)
			return res, err
		}
	}
	if res, err = o.result(rec); err != nil {
		return res, err
	}
	if rec.Status == StatusParked {
		i := min(max(rec.Step, 0), len(o.def.Steps)-1)
		return res, &ParkedError{ID: rec.ID, Step: o.def.Steps[i].Name, Compensating: rec.Compensating, Err: rec.Error}
	}
	return res, nil
}

// forward runs one attempt of the action of step rec.Step, or completes the
// saga after the last step, or gives the step up once the saga's deadline
// has passed, and records the outcome. It returns the data to go on with.
func (o *Orchestrator[T]) forward(ctx context.Context, rec *Record, data T) (T, error) {
	if rec.Step >= len(o.def.Steps) {
		rec.Status = StatusCompleted
		return data, o.save(ctx, rec, EventCompleted, -1, 0, "", 0)
	}
	i := rec.Step
	st := &o.def.Steps[i]
	if !rec.Deadline.IsZero() && !o.clock.Now().Before(rec.Deadline) {
		return o.giveUp(ctx, rec, data, ErrDeadline)
	}
	unknownBefore := rec.Unknown
	rec.Attempts++
	rec.Unknown = true // until the outcome is recorded
	if err := o.save(ctx, rec, EventActionStarted, i, rec.Attempts, "", 0); err != nil {
		return data, err
	}
	var out T
	cut, err := o.attempt(ctx, rec, st, func(ctx context.Context) (err error) {
		out, err = st.Action(ctx, o.key(rec, i), data)
		return err
	})
	if ctx.Err() != nil {
		// The outcome is unknown and the orchestrator stops; the attempt
		// stays recorded as started, and recovery runs it again.
		return data, ctx.Err()
	}
	switch {
	case err == nil:
		return o.done(ctx, rec, i, rec.Attempts, EventActionDone, out)
	case isAbort(err):
		rec.Unknown = false // the participant answered for the key
		return data, o.turnBack(ctx, rec, err)
	case isUnknown(err) || cut:
		rec.Unknown = true
	default:
		rec.Unknown = unknownBefore // a failure without effect resolves nothing
	}
	if rec.Attempts >= st.Retry.maxAttempts() {
		return o.giveUp(ctx, rec, data, err)
	}
	return data, o.retryAfter(ctx, rec, st, EventActionFailed, i, err)
}

// done records the success of attempt at step i, with its data out.
func (o *Orchestrator[T]) done(ctx context.Context, rec *Record, i, attempt int, typ EventType, out T) (T, error) {
	raw, err := json.Marshal(out)
	if err != nil {
		return out, fmt.Errorf("saga %s: step %q: encode data: %w", rec.ID, o.def.Steps[i].Name, err)
	}
	rec.Data, rec.Step, rec.Attempts, rec.Unknown, rec.Due = raw, i+1, 0, false, time.Time{}
	return out, o.save(ctx, rec, typ, i, attempt, "", 0)
}

// giveUp stops going forward at step rec.Step for cause (its attempts or
// the saga's deadline ran out). A step whose outcome is unknown is resolved
// first through its Query, or the saga is parked; never is it compensated,
// nor a pivot turned back, while it may have taken effect. Then a step up to
// the pivot turns the saga back, and a step after it parks the saga.
func (o *Orchestrator[T]) giveUp(ctx context.Context, rec *Record, data T, cause error) (T, error) {
	i := rec.Step
	st := &o.def.Steps[i]
	if rec.Unknown {
		if st.Query == nil {
			return data, o.park(ctx, rec, i, fmt.Errorf("outcome unknown: %w", cause))
		}
		var out T
		_, err := o.attempt(ctx, rec, st, func(ctx context.Context) (err error) {
			out, err = st.Query(ctx, o.key(rec, i), data)
			return err
		})
		if ctx.Err() != nil {
			return data, ctx.Err()
		}
		switch {
		case err == nil: // it took effect: the step is done
			return o.done(ctx, rec, i, rec.Attempts, EventQueried, out)
		case !isAbort(err):
			return data, o.park(ctx, rec, i, fmt.Errorf("outcome unknown: %w; query: %w", cause, err))
		}
		rec.Unknown = false // it did not take effect and never will
		if err := o.save(ctx, rec, EventQueried, i, rec.Attempts, err.Error(), 0); err != nil {
			return data, err
		}
	}
	return data, o.turnBack(ctx, rec, cause)
}

// turnBack starts compensating from step rec.Step, whose action gave up or
// was refused; a step after the pivot parks the saga instead. The step's own
// compensation runs too if it was attempted: a participant that
// misclassified an answer may have applied it, and the barrier turns a
// compensation of nothing into a no-op.
func (o *Orchestrator[T]) turnBack(ctx context.Context, rec *Record, cause error) error {
	i := rec.Step
	if o.def.Steps[i].Kind == Retriable {
		return o.park(ctx, rec, i, cause)
	}
	attempt := rec.Attempts
	if attempt == 0 {
		rec.Step-- // the deadline came before the step's first attempt
	}
	rec.Compensating, rec.Attempts, rec.Reason, rec.Due = true, 0, cause.Error(), time.Time{}
	return o.save(ctx, rec, EventAborted, i, attempt, cause.Error(), 0)
}

// compensate runs one attempt of the compensation of the last step at or
// before rec.Step that has one, or ends the saga as compensated when none is
// left, and records the outcome.
func (o *Orchestrator[T]) compensate(ctx context.Context, rec *Record, data T) error {
	i := rec.Step
	for i >= 0 && o.def.Steps[i].Compensate == nil {
		i--
	}
	if i < 0 {
		rec.Step, rec.Status = -1, StatusCompensated
		return o.save(ctx, rec, EventCompensated, -1, 0, "", 0)
	}
	st := &o.def.Steps[i]
	rec.Step = i
	rec.Attempts++
	if err := o.save(ctx, rec, EventCompensationStarted, i, rec.Attempts, "", 0); err != nil {
		return err
	}
	_, err := o.attempt(ctx, rec, st, func(ctx context.Context) error {
		return st.Compensate(ctx, o.key(rec, i), data)
	})
	if ctx.Err() != nil {
		return ctx.Err() // recovery runs the compensation again
	}
	if err == nil {
		attempt := rec.Attempts
		rec.Step, rec.Attempts, rec.Due = i-1, 0, time.Time{}
		return o.save(ctx, rec, EventCompensationDone, i, attempt, "", 0)
	}
	if isAbort(err) || rec.Attempts >= st.Retry.maxAttempts() {
		return o.park(ctx, rec, i, err)
	}
	return o.retryAfter(ctx, rec, st, EventCompensationFailed, i, err)
}

// attempt calls fn with a context that ends after the step's timeout or at
// the end of the lease, whichever comes first. cut reports that this
// context had ended when fn returned: the attempt may have been cut short.
func (o *Orchestrator[T]) attempt(ctx context.Context, rec *Record, st *Step[T], fn func(context.Context) error) (cut bool, err error) {
	d := min(st.timeout(), rec.LeaseExpires.Sub(o.clock.Now()))
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	err = fn(ctx)
	return ctx.Err() != nil, err
}

// retryAfter records a failed attempt and when the next one is due: after a
// backoff wait, and going forward no later than the saga's deadline. The
// lease covers the wait, for a caller that waits for the saga.
func (o *Orchestrator[T]) retryAfter(ctx context.Context, rec *Record, st *Step[T], typ EventType, i int, cause error) error {
	now := o.clock.Now()
	rec.Due = now.Add(st.Retry.Backoff(rec.Attempts))
	if !rec.Compensating && !rec.Deadline.IsZero() && rec.Deadline.Before(rec.Due) {
		rec.Due = rec.Deadline
	}
	return o.save(ctx, rec, typ, i, rec.Attempts, cause.Error(), rec.Due.Sub(now))
}

func (o *Orchestrator[T]) park(ctx context.Context, rec *Record, i int, cause error) error {
	rec.Status, rec.Error, rec.Due = StatusParked, cause.Error(), time.Time{}
	return o.save(ctx, rec, EventParked, i, rec.Attempts, cause.Error(), 0)
}

// save writes rec with an event of type typ about attempt attempt at step i
// (-1 for the whole saga), renewing the lease for wait plus the lease TTL.
func (o *Orchestrator[T]) save(ctx context.Context, rec *Record, typ EventType, i, attempt int, errText string, wait time.Duration) error {
	now := o.clock.Now()
	rec.Updated = now
	rec.LeaseExpires = now.Add(wait + o.ttl)
	ev := Event{SagaID: rec.ID, At: now, Owner: rec.LeaseOwner, Type: typ, Step: -1, Error: errText}
	if i >= 0 {
		ev.Step, ev.StepName, ev.Attempt = i, o.def.Steps[i].Name, attempt
	}
	return o.log.Save(ctx, rec, ev)
}

// key is the idempotency key of step i: "sagaID:name".
func (o *Orchestrator[T]) key(rec *Record, i int) string {
	return rec.ID + ":" + o.def.Steps[i].Name
}
