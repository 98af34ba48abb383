package saga

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// drive runs the saga in rec, whose lease this orchestrator holds, until it
// ends, is parked, or the orchestrator has to stop; then it frees the lease.
// A panic in a step is not recovered: the saga stays as last recorded, with
// the attempt started, for recovery to run again.
func (o *Orchestrator[T]) drive(ctx context.Context, rec Record) (Result[T], error) {
	defer o.release(ctx, rec)
	res, err := o.result(rec)
	if err != nil {
		return res, err
	}
	data := res.Data
	for rec.Status == StatusRunning {
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
// saga after the last step, and records the outcome. It returns the data to
// go on with.
func (o *Orchestrator[T]) forward(ctx context.Context, rec *Record, data T) (T, error) {
	if rec.Step >= len(o.def.Steps) {
		rec.Status = StatusCompleted
		return data, o.save(ctx, rec, EventCompleted, -1, 0, "", 0)
	}
	i := rec.Step
	st := &o.def.Steps[i]
	rec.Attempts++
	if err := o.save(ctx, rec, EventActionStarted, i, rec.Attempts, "", 0); err != nil {
		return data, err
	}
	var out T
	err := o.attempt(ctx, rec, st, func(ctx context.Context) (err error) {
		out, err = st.Action(ctx, o.key(rec, i), data)
		return err
	})
	if ctx.Err() != nil {
		// The outcome is unknown and the orchestrator stops; the attempt
		// stays recorded as started, and recovery runs it again.
		return data, ctx.Err()
	}
	if err == nil {
		raw, err := json.Marshal(out)
		if err != nil {
			return data, fmt.Errorf("saga %s: step %q: encode data: %w", rec.ID, st.Name, err)
		}
		attempt := rec.Attempts
		rec.Data, rec.Step, rec.Attempts = raw, i+1, 0
		return out, o.save(ctx, rec, EventActionDone, i, attempt, "", 0)
	}
	giveUp := isAbort(err) || rec.Attempts >= st.Retry.maxAttempts()
	switch {
	case !giveUp:
		return data, o.retryAfter(ctx, rec, st, EventActionFailed, i, err)
	case st.Kind == Compensatable || st.Kind == Pivot && isAbort(err):
		// Turn back from this step: its own action may have taken effect.
		attempt := rec.Attempts
		rec.Compensating, rec.Attempts, rec.Reason = true, 0, err.Error()
		return data, o.save(ctx, rec, EventAborted, i, attempt, err.Error(), 0)
	default:
		return data, o.park(ctx, rec, i, err)
	}
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
	err := o.attempt(ctx, rec, st, func(ctx context.Context) error {
		return st.Compensate(ctx, o.key(rec, i), data)
	})
	if ctx.Err() != nil {
		return ctx.Err() // recovery runs the compensation again
	}
	if err == nil {
		attempt := rec.Attempts
		rec.Step, rec.Attempts = i-1, 0
		return o.save(ctx, rec, EventCompensationDone, i, attempt, "", 0)
	}
	if isAbort(err) || rec.Attempts >= st.Retry.maxAttempts() {
		return o.park(ctx, rec, i, err)
	}
	return o.retryAfter(ctx, rec, st, EventCompensationFailed, i, err)
}

// attempt calls fn with a context that ends after the step's timeout or at
// the end of the lease, whichever comes first.
func (o *Orchestrator[T]) attempt(ctx context.Context, rec *Record, st *Step[T], fn func(context.Context) error) error {
	d := min(st.timeout(), rec.LeaseExpires.Sub(o.clock.Now()))
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return fn(ctx)
}

// retryAfter records a failed attempt with a lease that covers the backoff
// wait, then waits.
func (o *Orchestrator[T]) retryAfter(ctx context.Context, rec *Record, st *Step[T], typ EventType, i int, cause error) error {
	wait := st.Retry.Backoff(rec.Attempts)
	if err := o.save(ctx, rec, typ, i, rec.Attempts, cause.Error(), wait); err != nil {
		return err
	}
	return o.clock.Sleep(ctx, wait)
}

func (o *Orchestrator[T]) park(ctx context.Context, rec *Record, i int, cause error) error {
	rec.Status, rec.Error = StatusParked, cause.Error()
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
