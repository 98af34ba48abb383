// Package saga runs orchestrated sagas that survive crashes and never
// half-finish.
//
// A [Definition] is an ordered list of [Step] values over data of type T,
// which each step's action receives and passes on. Each step has an action,
// maybe a compensation, a per-attempt timeout and a [RetryPolicy]
// (exponential backoff with full jitter and a cap). Steps are of three kinds,
// in this order: [Compensatable] steps, which a compensation can undo; at
// most one [Pivot], the go/no-go step after which the saga only goes forward;
// and [Retriable] steps, which must eventually succeed.
//
// An [Orchestrator] drives sagas through a [Log]. Before each attempt at an
// action it records the attempt (which registers the step's compensation),
// and after it the outcome and the new data; compensations are recorded the
// same way. Every call gets the idempotency key "sagaID:step", the same for
// every attempt and for the compensation, so participants can make their
// effects exactly-once (see package barrier).
//
// Errors decide what happens next:
//   - An error wrapped with [Abort] is a business refusal. Before and at the
//     pivot the saga turns back: the compensations of the failed step and of
//     every step before it run in reverse order (the failed step's own
//     compensation runs too; a participant barrier turns it into a no-op
//     when the action never took effect).
//   - An error wrapped with [Unknown] (a 409 while the same key is in
//     flight, a timeout after the request was sent), or an attempt cut by
//     its timeout, leaves the step's outcome unknown: it is retried with the
//     same key until a success or a refusal answers. When the attempts or
//     the saga's deadline run out first, [Step].Query asks the participant;
//     without an answer the saga is parked. A step of unknown outcome is
//     never compensated, nor a pivot turned back.
//   - Any other error is a failure without effect: the attempt is retried
//     after a backoff wait. A step up to the pivot that runs out of attempts
//     turns the saga back; a retriable step that does is parked.
//   - A compensation is retried with backoff until it succeeds; past its
//     policy's attempts (or on an Abort error) the saga is parked with the
//     error recorded. [Orchestrator.Parked] lists parked sagas,
//     [Orchestrator.Retry] resumes one and [Orchestrator.Resolve] closes one
//     that an operator fixed by hand.
//
// After the pivot has succeeded nothing is compensated: a later failure parks
// the saga instead.
//
// When the context of a call ends, the orchestrator stops where it is and
// frees the lease, without recording anything it does not know; an attempt
// in flight stays recorded as started. Nothing is skipped: [Orchestrator.Recover],
// called when a process starts, re-drives every running saga that is due,
// forward or compensating, and runs an attempt whose outcome is unknown again
// with the same key. [Orchestrator.Serve] does so with workers that run
// until the end of its context: a claim or a drive that fails (the log
// unreachable, a connection cut) is reported to Settings.OnError and
// retried with backoff.
//
// Several orchestrators may share a log. An orchestrator drives a saga only
// while it holds the saga's lease (an owner and an expiry, renewed by every
// write); a lease is taken over only once it has expired, every write is
// fenced by the owner and the record's version, and an attempt is cut when
// the lease ends. [MemoryLog] keeps the log in memory for tests; package
// sqllog keeps it in SQLite (the embedded default) or PostgreSQL (for several
// orchestrator instances).
//
// A saga waiting for its next attempt is not a sleeping worker: the log
// records when the attempt is due, and Recover's and Serve's workers claim
// the saga due first (Log.Claim) and move on. Every saga has a deadline
// ([Definition].Deadline, recorded at creation): no attempt starts after
// it; a saga short of its pivot's success turns back, one past its pivot is
// parked with [ErrDeadline].
//
// With the zero [Settings], [RetryPolicy] and Deadline, leases last a minute,
// Recover and Serve drive four sagas at a time, an idle Serve worker looks
// for new sagas every 5 seconds, an attempt times out after 30 seconds, a
// step is attempted 5 times with waits drawn below 200ms, 400ms, 800ms and
// 1.6s, and a saga has 24 hours to reach its end.
package saga
