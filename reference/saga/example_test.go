package saga_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

// Order is the data an order saga passes from step to step.
type Order struct {
	ID      string
	Amount  int
	Payment string // set by the charge step
}

// orderSaga returns a saga that reserves stock, charges the card (the pivot)
// and ships. A card over 100 is declined.
func orderSaga() saga.Definition[Order] {
	return saga.Definition[Order]{
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
					o.Payment = "pay-" + o.ID
					return o, nil
				},
			},
			{
				Name: "ship",
				Kind: saga.Retriable,
				Action: func(ctx context.Context, key string, o Order) (Order, error) {
					fmt.Println("ship", key, "paid by", o.Payment)
					return o, nil
				},
			},
		},
	}
}

func Example() {
	ctx := context.Background()
	orders, err := saga.New(orderSaga(), saga.NewMemoryLog(), saga.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := orders.Run(ctx, "o-1", Order{ID: "o-1", Amount: 40})
	fmt.Println(res.Status, err)

	res, err = orders.Run(ctx, "o-2", Order{ID: "o-2", Amount: 400})
	fmt.Println(res.Status, res.Reason, err)
	// Output:
	// reserve o-1:reserve-stock
	// charge o-1:charge-card
	// ship o-1:ship paid by pay-o-1
	// completed <nil>
	// reserve o-2:reserve-stock
	// release o-2:reserve-stock
	// compensated card declined <nil>
}

// A compensation that keeps failing parks the saga; once the cause is fixed,
// an operator retries it.
func ExampleOrchestrator_Retry() {
	ctx := context.Background()
	warehouseUp := false
	def := orderSaga()
	def.Steps[0].Retry = saga.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Second}
	def.Steps[0].Compensate = func(ctx context.Context, key string, o Order) error {
		if !warehouseUp {
			return errors.New("warehouse unreachable")
		}
		fmt.Println("release", key)
		return nil
	}
	fake := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	orders, _ := saga.New(def, saga.NewMemoryLog(), saga.Settings{Clock: fake}) // omit Clock in production code

	_, err := orders.Run(ctx, "o-3", Order{ID: "o-3", Amount: 400})
	fmt.Println(errors.Is(err, saga.ErrParked), err)
	parked, _ := orders.Parked(ctx)
	fmt.Println(len(parked), parked[0].ID, parked[0].Reason)

	warehouseUp = true
	res, err := orders.Retry(ctx, "o-3")
	fmt.Println(res.Status, err)
	// Output:
	// reserve o-3:reserve-stock
	// true saga o-3 parked at the compensation of step "reserve-stock": warehouse unreachable
	// 1 o-3 card declined
	// release o-3:reserve-stock
	// compensated <nil>
}

// Recover continues what a stopped orchestrator left, here a saga whose
// orchestrator was cancelled in the middle of its compensation.
func ExampleOrchestrator_Recover() {
	log := saga.NewMemoryLog()
	def := orderSaga()
	ctx, stop := context.WithCancel(context.Background())
	release := def.Steps[0].Compensate
	def.Steps[0].Compensate = func(ctx context.Context, key string, o Order) error {
		stop() // the process is shutting down
		return ctx.Err()
	}
	first, _ := saga.New(def, log, saga.Settings{})
	_, err := first.Run(ctx, "o-4", Order{ID: "o-4", Amount: 400})
	fmt.Println(err)

	def.Steps[0].Compensate = release
	second, _ := saga.New(def, log, saga.Settings{}) // after a restart
	n, err := second.Recover(context.Background())
	fmt.Println(n, err)
	res, _ := second.Get(context.Background(), "o-4")
	fmt.Println(res.Status)
	// Output:
	// reserve o-4:reserve-stock
	// context canceled
	// release o-4:reserve-stock
	// 1 <nil>
	// compensated
}

func ExampleRetryPolicy_Backoff() {
	p := saga.RetryPolicy{
		BaseDelay: 250 * time.Millisecond,
		MaxDelay:  2 * time.Second,
		Jitter:    func(ceiling time.Duration) time.Duration { return ceiling }, // show the ceilings
	}
	for n := 1; n <= 5; n++ {
		fmt.Println(n, p.Backoff(n))
	}
	// Output:
	// 1 250ms
	// 2 500ms
	// 3 1s
	// 4 2s
	// 5 2s
}
