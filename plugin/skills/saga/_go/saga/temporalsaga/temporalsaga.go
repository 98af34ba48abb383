package temporalsaga

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

// AbortErrorType is the type of the non-retryable application error an
// action or compensation returns for an error wrapped with saga.Abort.
const AbortErrorType = "saga.Abort"

// Saga is a saga.Definition as a Temporal workflow. Create it with New.
type Saga[T any] struct {
	def saga.Definition[T]
}

// New returns the workflow of def, or the error of def.Validate.
func New[T any](def saga.Definition[T]) (*Saga[T], error) {
	if err := def.Validate(); err != nil {
		return nil, err
	}
	def.Steps = append([]saga.Step[T](nil), def.Steps...)
	return &Saga[T]{def: def}, nil
}

// Registry is where Register puts the workflow and its activities: a
// worker.Worker or a testsuite.TestWorkflowEnvironment.
type Registry interface {
	worker.WorkflowRegistry
	worker.ActivityRegistry
}

// Register registers the workflow under the definition's name, and an
// activity for every action and compensation.
func (s *Saga[T]) Register(r Registry) {
	r.RegisterWorkflowWithOptions(s.Workflow, workflow.RegisterOptions{Name: s.def.Name})
	for i := range s.def.Steps {
		st := &s.def.Steps[i]
		r.RegisterActivityWithOptions(func(ctx context.Context, data T) (T, error) {
			out, err := st.Action(ctx, key(ctx, st.Name), data)
			return out, nonRetryable(err)
		}, activity.RegisterOptions{Name: s.activity(i, "action")})
		if st.Compensate != nil {
			r.RegisterActivityWithOptions(func(ctx context.Context, data T) error {
				return nonRetryable(st.Compensate(ctx, key(ctx, st.Name), data))
			}, activity.RegisterOptions{Name: s.activity(i, "compensate")})
		}
	}
}

// key is the idempotency key of a step: "workflowID:step".
func key(ctx context.Context, step string) string {
	return activity.GetInfo(ctx).WorkflowExecution.ID + ":" + step
}

// nonRetryable turns an abort into a non-retryable application error.
func nonRetryable(err error) error {
	var abort *saga.AbortError
	if errors.As(err, &abort) {
		return temporal.NewNonRetryableApplicationError(err.Error(), AbortErrorType, abort.Err)
	}
	return err
}

func (s *Saga[T]) activity(i int, op string) string {
	return s.def.Name + "/" + s.def.Steps[i].Name + "/" + op
}

// Names of the signal and the query of a saga workflow.
const (
	// SignalName is the signal that tells a parked saga what to do: a
	// Decision.
	SignalName = "saga.decision"
	// QueryName is the query that returns the saga's Status.
	QueryName = "saga.status"
)

// Decision is an operator's answer to a parked saga, sent with SignalName:
// the workflow's form of saga.Orchestrator's Retry and Resolve.
type Decision struct {
	// Retry runs the compensation that failed again, with a fresh count of
	// attempts, and goes on compensating. When false, the saga is closed as
	// resolved by hand: nothing else runs.
	Retry bool
	// Note says what the operator did; it is part of the workflow's error
	// when the saga is resolved.
	Note string
}

// Status is what QueryName answers.
type Status struct {
	// Compensating is set once the saga turns back.
	Compensating bool
	// Parked is set while the saga waits for a Decision; Step and Error
	// name the compensation that failed and its error.
	Parked bool
	Step   string
	Error  string
}

// Workflow runs the steps in order and returns the data as the last step
// left it. When a step up to the pivot gives up, it runs the registered
// compensations in reverse order and returns the step's error. A
// compensation that fails past its retry policy's attempts, or with an
// Abort error, parks the saga as the orchestrator does: the workflow waits
// for a Decision on SignalName (and QueryName says where it is parked), then
// retries the compensation or ends as resolved by hand.
func (s *Saga[T]) Workflow(ctx workflow.Context, data T) (_ T, err error) {
	var status Status
	if err := workflow.SetQueryHandler(ctx, QueryName, func() (Status, error) { return status, nil }); err != nil {
		return data, err
	}
	var compensations []int // steps whose compensation is registered
	defer func() {
		if err == nil || len(compensations) == 0 {
			return
		}
		back, _ := workflow.NewDisconnectedContext(ctx)
		status.Compensating = true
		decisions := workflow.GetSignalChannel(back, SignalName)
		for k := 0; k < len(compensations); {
			i := compensations[k]
			cctx := s.options(back, i, attempts(s.def.Steps[i]))
			cerr := workflow.ExecuteActivity(cctx, s.activity(i, "compensate"), data).Get(cctx, nil)
			if cerr == nil {
				k++
				continue
			}
			status.Parked, status.Step, status.Error = true, s.def.Steps[i].Name, cerr.Error()
			var d Decision
			decisions.Receive(back, &d)
			status.Parked, status.Step, status.Error = false, "", ""
			if !d.Retry {
				err = errors.Join(err, fmt.Errorf("saga resolved by hand at the compensation of %q: %s", s.def.Steps[i].Name, d.Note))
				return
			}
		}
	}()
	for i, st := range s.def.Steps {
		n := 0 // without limit
		if st.Kind == saga.Compensatable {
			n = attempts(st)
			if st.Compensate != nil {
				compensations = append([]int{i}, compensations...) // before the action runs
			}
		}
		actx := s.options(ctx, i, n)
		var next T
		if err := workflow.ExecuteActivity(actx, s.activity(i, "action"), data).Get(actx, &next); err != nil {
			if st.Kind == saga.Retriable {
				compensations = nil // never after the pivot
			}
			return data, err
		}
		data = next
		if st.Kind == saga.Pivot {
			compensations = nil
			ctx, _ = workflow.NewDisconnectedContext(ctx) // forward only, cancelled or not
		}
	}
	return data, nil
}

// attempts returns the attempts of st's retry policy, its default included.
func attempts[T any](st saga.Step[T]) int {
	if st.Retry.MaxAttempts < 1 {
		return saga.DefaultMaxAttempts
	}
	return st.Retry.MaxAttempts
}

// options returns ctx with the activity options of step i: its timeout, and
// its retry policy with attempts attempts (0 for no limit).
func (s *Saga[T]) options(ctx workflow.Context, i, attempts int) workflow.Context {
	st := s.def.Steps[i]
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: orDefault(st.Timeout, saga.DefaultTimeout),
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        orDefault(st.Retry.BaseDelay, saga.DefaultBaseDelay),
			BackoffCoefficient:     2,
			MaximumInterval:        orDefault(st.Retry.MaxDelay, saga.DefaultMaxDelay),
			MaximumAttempts:        int32(attempts),
			NonRetryableErrorTypes: []string{AbortErrorType},
		},
	})
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
