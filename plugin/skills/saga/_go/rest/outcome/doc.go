// Package outcome says what became of an HTTP request, for callers that must
// not do a piece of work twice nor undo work that was done: a saga's steps,
// a payment, any write to another service.
//
// [Classify] sorts every answer into one of four outcomes:
//
//   - [Success]: a 2xx answer.
//   - [Refused]: the server understood the request and will not do it: a
//     4xx other than 408, 409, 425 and 429. Nothing took effect, and
//     sending it again changes nothing.
//   - [Retriable]: nothing took effect, or sending the request again is
//     safe: an error before the request was written (a refused connection,
//     a DNS failure), 408, 425, 429, and a 5xx to a request that is
//     idempotent or carries an Idempotency-Key.
//   - [Unknown]: the request may have taken effect, or may still be taking
//     it: an error after the request was written (a timeout, a connection
//     reset, the caller's own deadline), a 409 (the same idempotency key is
//     still in flight, as the IETF idempotency-key draft and Stripe answer),
//     and a 5xx to a request that is neither idempotent nor keyed.
//
// One meaning of 409 runs through the skills pack: "not now, the same
// operation is in progress or conflicts; ask again later with the same key".
// It is never a refusal. A caller that treats it as one undoes work that is
// about to be done — a saga that compensates an order whose card is being
// charged. Refusals are 422 (or another 4xx) with a reason.
//
// An Unknown outcome is resolved by sending the request again with the same
// Idempotency-Key (the server answers with the stored result of the first),
// by asking the server what became of the key, or by a person; never by
// assuming it failed.
//
// [Do] sends a request and classifies the answer, tracing (with
// net/http/httptrace) whether the request was written, so that an error
// before the write is Retriable and only one after it is Unknown. The
// [Error] it returns for everything but a success carries the outcome, the
// status and the start of the body.
package outcome
