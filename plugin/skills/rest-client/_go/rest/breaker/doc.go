// Package breaker is a circuit breaker for calls to one remote dependency.
//
// A [Breaker] is closed while the dependency works: every call goes through
// and its outcome is recorded. It trips open when the calls fail too often:
// on a run of consecutive failures, or when the failure rate over a rolling
// window (the last N calls, or the calls of the last period) reaches a
// threshold once a minimum number of calls has been seen. While open it
// rejects every call with [ErrOpen] without calling the dependency, and
// [Breaker.RemainingOpen] tells how long that lasts. Then it half-opens and
// admits a few probe calls at a time, rejecting the rest with
// [ErrTooManyProbes]; enough successful probes close it again, one failed
// probe opens it again, and a probe that does not report before its deadline
// counts as failed, so a hung probe cannot pin the breaker half-open.
//
// Outcomes are classified as success, failure or neutral. Neutral outcomes,
// such as the caller's own cancellation ([context.Canceled]) or an error
// after the caller's own deadline, are not counted at all: they blame the
// caller, not the dependency. Every state change starts a new generation, and outcomes of calls
// that started in an earlier generation are ignored, so a slow answer from
// before a trip cannot flip the state afterwards.
//
// The breaker is safe for concurrent use and does not allocate per call. Use
// [Breaker.Execute] to run a function through it, or [Breaker.Allow] and
// [Permit.Done] where the call and its outcome live in different places (as in
// a [net/http.RoundTripper]).
//
// The zero [Settings] give a count-based breaker that trips after 5
// consecutive failures, or at a 50% failure rate over the last 100 calls once
// 20 calls have been recorded; it stays open for 30 seconds and then admits
// one probe with a 10 second deadline.
package breaker
