// Package temporalsaga runs a saga.Definition as a Temporal workflow, for
// users who outgrow one database and move to a workflow engine
// (go.temporal.io/sdk).
//
// The steps, their kinds, timeouts and retry policies are the same values the
// saga package's orchestrator runs; Temporal takes the place of the log, the
// leases and the recovery: it records every activity's outcome in the
// workflow's event history and replays the workflow on another worker when
// one dies. Each step's action and compensation become activities named
// "<saga>/<step>/action" and "<saga>/<step>/compensate", and get the same
// idempotency key as under the orchestrator: the workflow ID, a colon, and
// the step's name. So participants keep their barrier.
//
// The workflow follows Temporal's guidance for compensations:
//   - A step's compensation is registered before its action runs, since an
//     action that times out may still have taken effect.
//   - Compensations run in reverse order in a disconnected context, so that
//     cancelling the workflow turns it back instead of skipping them. Each is
//     retried per its step's policy; one that fails past its attempts, or
//     with a saga.Abort error, parks the saga as the orchestrator does: no
//     further compensation runs, the query QueryName reports the parked
//     step and its error, and the workflow waits for a Decision on the
//     signal SignalName — retry the compensation with fresh attempts, or
//     close the saga as resolved by hand.
//   - A compensatable step's action is retried per its policy; an error
//     wrapped with saga.Abort becomes a non-retryable application error of
//     type AbortErrorType and turns the saga back, as running out of
//     attempts does.
//   - The pivot and the retriable steps are retried without limit, the steps
//     after the pivot run in a disconnected context, and nothing is
//     compensated once the pivot has succeeded; an abort after it fails the
//     workflow without compensating. Retrying without limit is how the
//     workflow never turns back on an unknown outcome: an error wrapped with
//     saga.Unknown, or an activity timeout, is retried with the same key.
//     The saga deadline (saga.Definition.Deadline) and Step.Query are the
//     orchestrator's: a workflow is bounded by its own timeouts.
//
// Temporal's retry policy has no jitter: the waits are InitialInterval
// (the policy's BaseDelay) times 2 per attempt, capped at MaxDelay.
package temporalsaga
