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
//   - An error wrapped with [Abort] is a business failure. Before and at the
//     pivot the saga turns back: the compensations of the failed step and of
//     every step before it run in reverse order (the failed step's own
//     compensation runs too, since its outcome may be unknown; a participant
//     barrier turns it into a no-op when the action never took effect).
//   - Any other error is transient: the attempt is retried after a backoff
//     wait. A compensatable step that runs out of attempts turns the saga
//     back; a pivot or retriable step that does is parked, since its outcome
//     must be known or it must not be undone.
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
// called when a process starts, re-drives every running saga from the log,
// forward or compensating, and runs an attempt whose outcome is unknown again
// with the same key. [Orchestrator.Serve] does so in a loop, which only
// the end of its context stops: a pass that fails (the log unreachable, a
// connection cut) is reported to Settings.OnError and retried with backoff.
//
// Several orchestrators may share a log. An orchestrator drives a saga only
// while it holds the saga's lease (an owner and an expiry, renewed by every
// write); a lease is taken over only once it has expired, every write is
// fenced by the owner and the record's version, and an attempt is cut when
// the lease ends. [MemoryLog] keeps the log in memory for tests; package
// sqllog keeps it in SQLite (the embedded default) or PostgreSQL (for several
// orchestrator instances).
//
// With the zero [Settings] and [RetryPolicy], leases last a minute, Recover
// drives four sagas at a time, Serve polls every 5 seconds, an attempt times
// out after 30 seconds, and a step is attempted 5 times with waits drawn
// below 200ms, 400ms, 800ms and 1.6s.
package saga
