package temporalsaga_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/temporalsaga"
)

type Order struct {
	ID     string
	Amount int
}

// The order saga of package saga's example, run by Temporal's test
// environment; with a server, register it on a worker.Worker instead.
func Example() {
	orders, err := temporalsaga.New(saga.Definition[Order]{
		Name: "order",
		Steps: []saga.Step[Order]{
			{
				Name: "reserve-stock",
				Action: func(ctx context.Context, key string, o Order) (Order, error) {
					fmt.Println("reserve", key)
					return o, nil
				},
				Compensate: func(ctx context.Context, key string, o Order) error {
					fmt.Println("release", key)
					return nil
				},
			},
			{
				Name: "charge-card",
				Kind: saga.Pivot,
				Action: func(ctx context.Context, key string, o Order) (Order, error) {
					if o.Amount > 100 {
						return o, saga.Abort(errors.New("card declined"))
					}
					fmt.Println("charge", key)
					return o, nil
				},
			},
			{
				Name: "ship",
				Kind: saga.Retriable,
				Action: func(ctx context.Context, key string, o Order) (Order, error) {
					fmt.Println("ship", key)
					return o, nil
				},
			},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	for _, o := range []Order{{ID: "o-1", Amount: 40}, {ID: "o-2", Amount: 400}} {
		env := suite.NewTestWorkflowEnvironment()
		orders.Register(env)
		env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: o.ID}) // the saga's ID
		env.ExecuteWorkflow("order", o)
		fmt.Println("error:", env.GetWorkflowError() != nil)
	}
	// Output:
	// reserve o-1:reserve-stock
	// charge o-1:charge-card
	// ship o-1:ship
	// error: false
	// reserve o-2:reserve-stock
	// release o-2:reserve-stock
	// error: true
}
