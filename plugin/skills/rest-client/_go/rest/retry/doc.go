// Package retry retries HTTP requests that failed for a reason worth retrying,
// with exponential backoff and full jitter, within a budget.
//
// A [Transport] is a [net/http.RoundTripper] that wraps another one. It
// retries a request only when that is safe: the method is idempotent (GET,
// HEAD, OPTIONS, TRACE, PUT, DELETE) or the request carries an
// Idempotency-Key header, which every attempt sends unchanged; and the body,
// if any, can be replayed through Request.GetBody (as it can for requests
// built by [net/http.NewRequest] from a bytes.Buffer, bytes.Reader or
// strings.Reader).
//
// It retries connection errors and timeouts of an attempt, and the statuses
// 408, 429, 500, 502, 503 and 504. It stops at once when the caller's context
// ends, on TLS certificate errors, and on errors marked with [Permanent].
//
// The wait before retry n is drawn uniformly from [0, min(MaxDelay,
// BaseDelay·2^(n-1))) ("full jitter"), computed without overflow. A
// Retry-After header, in seconds or as an HTTP date, raises the wait to what
// the server asked for, capped by MaxRetryAfter. Waits end when the context
// ends. Retrying stops after MaxAttempts attempts, and before a wait that
// would not end inside MaxElapsed from the first attempt or before the
// context's deadline.
//
// When retrying ends on a response, that response is returned as it is, so
// callers and generated clients read its status and body as usual. When it
// ends on an error, the error is an [*Error] that says how many attempts were
// made and carries the status, header and body of the last response received,
// if any; it wraps the cause, so errors.Is(err, context.DeadlineExceeded) and
// the like work through it.
//
// The zero [Policy] makes at most 3 attempts, waits up to 100ms, 200ms, …
// capped at 5s between them, honours Retry-After up to 30s, and gives up
// when the next wait would end more than a minute after the first attempt.
package retry
