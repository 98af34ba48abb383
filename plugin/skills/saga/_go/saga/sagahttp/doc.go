// Package sagahttp calls saga participants over HTTP and reports their
// answers in the terms of package saga.
//
// [Call] sends a request with the step's idempotency key in the
// Idempotency-Key header, and classifies the answer with package
// reference/rest/outcome: a success decodes the body; a refusal (a 4xx
// other than 408, 409, 425, 429) is a saga.Abort error; an answer that
// leaves the outcome open (409 while the same key is in flight, a timeout or
// a reset after the request was written, a 5xx to a request without a key)
// is a saga.Unknown error; and a failure without effect (nothing written,
// 408, 425, 429, a 5xx to a keyed request) is a plain error, retried.
//
// So a payment provider that answers 409 while it is still charging the
// card under the key makes the orchestrator ask again with the same key,
// until the provider answers with the charge, instead of turning the saga
// back with the card charged.
package sagahttp
