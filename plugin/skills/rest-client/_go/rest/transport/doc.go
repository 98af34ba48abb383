// Package transport makes any HTTP client resilient without changing it.
//
// [New] returns a [net/http.RoundTripper] that composes, from the outside
// in:
//
//   - retry ([retry.Transport]): retries safe requests with backoff within
//     the caller's budget;
//   - a circuit breaker per host ([breaker.Breaker]): each attempt asks the
//     breaker of its host first, and its outcome is recorded there; a
//     rejection ends the retries at once with a [*BreakerError];
//   - a per-attempt timeout: each attempt gets its own deadline, which also
//     covers reading the response body and is released when the body is
//     closed.
//
// Retry sits outside the breaker, so every attempt counts and an open
// breaker stops retrying; the timeout sits inside, so a hung attempt fails,
// counts against the breaker and leaves the rest of the caller's budget to
// the next attempt. The caller's context is the total budget.
//
// [NewClient] wraps the transport in a [net/http.Client]; pass it to a
// generated client (for example as an oapi-codegen HttpRequestDoer) to make
// it resilient.
//
// Responses are classified for the breaker by [DefaultClassify] unless
// Settings.Classify says otherwise: 5xx (except 501), transport errors and
// per-attempt timeouts are failures, 429 and the caller's cancellation are
// neutral, everything else is a success — a 404 shows that the dependency
// works. An attempt that fails after the caller's own context ended (its
// deadline or its cancellation) is neutral whatever Classify says: the
// breaker blames the host only for what the host did.
package transport
