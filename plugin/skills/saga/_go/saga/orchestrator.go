package saga

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// Defaults used for zero fields of Settings.
const (
	DefaultLeaseTTL     = time.Minute
	DefaultConcurrency  = 4
	DefaultPollInterval = 5 * time.Second
)

// Settings configure an Orchestrator. The zero value of every field means the
// documented default.
type Settings struct {
	// Owner names this orchestrator instance in leases and events; every
	// lease it takes gets a token made of Owner and a counter. Empty means
	// "hostname-pid-random".
	Owner string

	// LeaseTTL is how long a lease lasts without a write: every write of a
	// saga renews it, and an attempt is cut when the lease ends, so set it
	// above the longest step Timeout. Another orchestrator can take a saga
	// over only once its lease has expired. Values of zero or less mean
	// DefaultLeaseTTL.
	LeaseTTL time.Duration

	// Concurrency is how many sagas Recover and Serve drive at once. A saga
	// waiting for its next attempt holds none of them: its due time is in
	// the log. Values below 1 mean DefaultConcurrency.
	Concurrency int

	// PollInterval is the longest a Serve worker that found nothing due
	// sleeps; it wakes up earlier when a saga falls due. Sagas recorded with
	// Start elsewhere are found within it. Values of zero or less mean
	// DefaultPollInterval.
	PollInterval time.Duration

	// OnError, if set, is called by Serve with every error of a claim or a
	// drive that failed (the log unreachable, a connection cut); Serve goes
	// on after a backoff wait. It must be safe for concurrent use.
	OnError func(error)

	// Clock is the time source and the sleeper of backoff waits. Lease
	// expiries are times of this clock, so orchestrators sharing a log need
	// clocks that agree to well within LeaseTTL. Nil means clock.System.
	Clock clock.Clock
}

// Orchestrator drives the sagas of one Definition through a Log. Several
// orchestrators, in one process or many, may share a log: a lease makes sure
// that only one of them drives a saga at a time. An Orchestrator is safe for
// concurrent use.
type Orchestrator[T any] struct {
	def          Definition[T]
	log          Log
	owner        string
	ttl          time.Duration
	concurrency  int
	pollInterval time.Duration
	onError      func(error)
	clock        clock.Clock
	leases       atomic.Uint64 // counter for lease tokens
}

// New returns an orchestrator for def on log, or the error of
// def.Validate.
func New[T any](def Definition[T], log Log, s Settings) (*Orchestrator[T], error) {
	if err := def.Validate(); err != nil {
		return nil, err
	}
	def.Steps = append([]Step[T](nil), def.Steps...)
	o := &Orchestrator[T]{
		def:          def,
		log:          log,
		owner:        s.Owner,
		ttl:          s.LeaseTTL,
		concurrency:  s.Concurrency,
		pollInterval: s.PollInterval,
		onError:      s.OnError,
		clock:        s.Clock,
	}
	if o.owner == "" {
		o.owner = defaultOwner()
	}
	if o.ttl <= 0 {
		o.ttl = DefaultLeaseTTL
	}
	if o.concurrency < 1 {
		o.concurrency = DefaultConcurrency
	}
	if o.pollInterval <= 0 {
		o.pollInterval = DefaultPollInterval
	}
	if o.clock == nil {
		o.clock = clock.System
	}
	return o, nil
}

func defaultOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%x", host, os.Getpid(), b)
}

// token returns a lease token unique to one acquisition, so that two drives
// in one process never share a lease.
func (o *Orchestrator[T]) token() string {
	return o.owner + "#" + strconv.FormatUint(o.leases.Add(1), 10)
}

// Result is the outcome of driving a saga.
type Result[T any] struct {
	ID           string
	Status       Status
	Compensating bool
	// Data is the saga's data as last recorded.
	Data T
	// Reason is why the saga turned back; empty when it went forward only.
	Reason string
	// Error is why the saga was parked, or the operator's note on a
	// resolved one.
	Error string
}

// Start records a new saga with the given ID and data, without driving it:
// Recover or Serve, here or in another orchestrator, will. It returns
// ErrExists when the ID is taken. The data must survive encoding/json.
func (o *Orchestrator[T]) Start(ctx context.Context, id string, data T) error {
	_, err := o.create(ctx, id, data, "")
	return err
}

// Run records a new saga with the given ID and data and drives it until it
// completes, is compensated or is parked, or until ctx ends.
//
// The error is nil when the saga ended (check Result.Status: completed or
// compensated), a *ParkedError when it was parked, and otherwise the reason
// the orchestrator stopped driving it (ctx's error, ErrLeaseLost, an error of
// the log): the saga is then left in the log as it was, and Recover or Serve
// continues it, compensations included. It returns ErrExists when the ID is
// taken; use Drive to continue such a saga.
func (o *Orchestrator[T]) Run(ctx context.Context, id string, data T) (Result[T], error) {
	rec, err := o.create(ctx, id, data, o.token())
	if err != nil {
		return Result[T]{ID: id}, err
	}
	return o.drive(ctx, rec, true)
}

func (o *Orchestrator[T]) create(ctx context.Context, id string, data T, owner string) (Record, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Record{}, fmt.Errorf("saga %s: encode data: %w", id, err)
	}
	now := o.clock.Now()
	rec := Record{
		ID: id, Name: o.def.Name, Status: StatusRunning, Data: raw, Deadline: o.def.deadline(now),
		LeaseOwner: owner, Created: now, Updated: now, Version: 1,
	}
	if owner != "" {
		rec.LeaseExpires = now.Add(o.ttl)
	}
	ev := Event{SagaID: id, At: now, Owner: owner, Type: EventCreated, Step: -1}
	if err := o.log.Create(ctx, rec, ev); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// Drive takes the lease of saga id and drives it as Run does, waiting for
// its next attempt if that is due later. It returns ErrLeased while another
// orchestrator holds an unexpired lease on it, and the result at once for a
// saga that has ended or is parked.
func (o *Orchestrator[T]) Drive(ctx context.Context, id string) (Result[T], error) {
	rec, err := o.acquire(ctx, id)
	if err != nil {
		return Result[T]{ID: id}, err
	}
	return o.drive(ctx, rec, true)
}

// acquire leases saga id with a new token and checks that it belongs to this
// definition.
func (o *Orchestrator[T]) acquire(ctx context.Context, id string) (Record, error) {
	now := o.clock.Now()
	rec, err := o.log.Acquire(ctx, id, o.token(), now, now.Add(o.ttl))
	if err != nil {
		return Record{}, err
	}
	if rec.Name != o.def.Name {
		o.release(ctx, rec)
		return Record{}, fmt.Errorf("%w: saga %s is a %q, not a %q", ErrOtherDefinition, id, rec.Name, o.def.Name)
	}
	return rec, nil
}

// release frees rec's lease even when ctx has ended, waiting at most one
// lease TTL (after which the lease expires anyway).
func (o *Orchestrator[T]) release(ctx context.Context, rec Record) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.ttl)
	defer cancel()
	_ = o.log.Release(ctx, rec.ID, rec.LeaseOwner)
}

// Get returns the saga's state as recorded.
func (o *Orchestrator[T]) Get(ctx context.Context, id string) (Result[T], error) {
	rec, err := o.log.Get(ctx, id)
	if err != nil {
		return Result[T]{ID: id}, err
	}
	return o.result(rec)
}

// result turns rec into a Result, decoding its data.
func (o *Orchestrator[T]) result(rec Record) (Result[T], error) {
	res := Result[T]{ID: rec.ID, Status: rec.Status, Compensating: rec.Compensating, Reason: rec.Reason, Error: rec.Error}
	if len(rec.Data) > 0 {
		if err := json.Unmarshal(rec.Data, &res.Data); err != nil {
			return res, fmt.Errorf("saga %s: decode data: %w", rec.ID, err)
		}
	}
	return res, nil
}

// Recover drives every running saga of this definition that is due (its
// lease free or expired, its next attempt not later than now), Concurrency
// at a time, forward or compensating from where the log says it stands,
// until none is left. A saga whose next attempt falls due later goes back to
// the log with its due time, and the worker claims the next due saga instead
// of sleeping through the wait. Call it when the process starts. It returns
// how many times it claimed a saga, and the errors that stopped it (ctx's
// error, errors of the log). Parked sagas and sagas taken over by another
// orchestrator do not count as errors.
func (o *Orchestrator[T]) Recover(ctx context.Context) (int, error) {
	var (
		n    atomic.Int64
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range o.concurrency {
		wg.Go(func() {
			for ctx.Err() == nil {
				now := o.clock.Now()
				rec, ok, err := o.log.Claim(ctx, o.def.Name, o.token(), now, now.Add(o.ttl))
				if err == nil && !ok {
					return
				}
				if err == nil {
					n.Add(1)
					_, err = o.drive(ctx, rec, false)
				}
				if err != nil && ctx.Err() == nil && !errors.Is(err, ErrParked) && !errors.Is(err, ErrLeaseLost) {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	return int(n.Load()), errors.Join(errs...)
}

// Serve drives the sagas of this definition until ctx ends; then it returns
// ctx.Err(). It runs Concurrency workers, each of which claims the saga due
// first, drives it until it ends, is parked or waits for its next attempt,
// and claims the next; a worker that finds no saga due sleeps until the next
// one falls due (PollInterval at most, so that sagas recorded with Start
// elsewhere are found). A claim or a drive that fails (the log unreachable,
// a connection cut) does not stop it: the error goes to Settings.OnError,
// and the worker goes on after a backoff wait drawn below DefaultBaseDelay,
// doubling with every further failure up to PollInterval. Run it in every
// orchestrator instance, so that the sagas of an instance that crashed are
// taken over once their leases expire.
func (o *Orchestrator[T]) Serve(ctx context.Context) error {
	var wg sync.WaitGroup
	for range o.concurrency {
		wg.Go(func() { o.work(ctx) })
	}
	wg.Wait()
	return ctx.Err()
}

// work is one worker of Serve.
func (o *Orchestrator[T]) work(ctx context.Context) {
	backoff := RetryPolicy{MaxDelay: o.pollInterval}
	for failures := 0; ctx.Err() == nil; {
		wait, err := o.next(ctx)
		if err != nil && ctx.Err() == nil && !errors.Is(err, ErrParked) && !errors.Is(err, ErrLeaseLost) {
			failures++
			if o.onError != nil {
				o.onError(err)
			}
			wait = backoff.Backoff(failures)
		} else if err == nil {
			failures = 0
		}
		if wait > 0 && o.clock.Sleep(ctx, wait) != nil {
			return
		}
	}
}

// next claims and drives the saga due first, and returns 0; when none is
// due, it returns how long to wait for the next one (PollInterval at most).
func (o *Orchestrator[T]) next(ctx context.Context) (time.Duration, error) {
	now := o.clock.Now()
	rec, ok, err := o.log.Claim(ctx, o.def.Name, o.token(), now, now.Add(o.ttl))
	if err != nil {
		return 0, err
	}
	if ok {
		_, err := o.drive(ctx, rec, false)
		return 0, err
	}
	at, ok, err := o.log.NextDue(ctx, o.def.Name)
	if err != nil || !ok {
		return o.pollInterval, err
	}
	return min(max(at.Sub(o.clock.Now()), time.Millisecond), o.pollInterval), nil
}

// Parked returns the parked sagas of this definition, oldest first. Their
// Error says why they were parked; Events in the log tell the whole story.
func (o *Orchestrator[T]) Parked(ctx context.Context) ([]Record, error) {
	return o.log.List(ctx, Filter{Name: o.def.Name, Status: []Status{StatusParked}})
}

// Retry resumes a parked saga where it stopped, with a fresh count of
// attempts and without its deadline, and drives it as Run does. A step
// whose outcome was unknown is attempted again with the same key. Call it
// once the cause is fixed. It returns ErrNotParked for a saga that is not
// parked.
func (o *Orchestrator[T]) Retry(ctx context.Context, id string) (Result[T], error) {
	rec, err := o.acquireParked(ctx, id)
	if err != nil {
		return Result[T]{ID: id}, err
	}
	rec.Status, rec.Attempts, rec.Error, rec.Deadline = StatusRunning, 0, "", time.Time{}
	if err := o.save(ctx, &rec, EventRetried, -1, 0, "", 0); err != nil {
		o.release(ctx, rec)
		return Result[T]{ID: id}, err
	}
	return o.drive(ctx, rec, true)
}

// Resolve closes a parked saga as resolved by hand, recording note (what the
// operator did) as its Error. Nothing else runs. It returns ErrNotParked for
// a saga that is not parked.
func (o *Orchestrator[T]) Resolve(ctx context.Context, id, note string) error {
	rec, err := o.acquireParked(ctx, id)
	if err != nil {
		return err
	}
	defer o.release(ctx, rec)
	rec.Status, rec.Error = StatusResolved, note
	return o.save(ctx, &rec, EventResolved, -1, 0, note, 0)
}

func (o *Orchestrator[T]) acquireParked(ctx context.Context, id string) (Record, error) {
	rec, err := o.acquire(ctx, id)
	if err != nil {
		return Record{}, err
	}
	if rec.Status != StatusParked {
		o.release(ctx, rec)
		return Record{}, fmt.Errorf("%w: saga %s is %s", ErrNotParked, id, rec.Status)
	}
	return rec, nil
}
