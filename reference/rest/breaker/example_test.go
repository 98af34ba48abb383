package breaker_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
)

// Execute runs calls through the breaker; after two failures in a row it
// rejects calls without making them, and after the open timeout a successful
// probe closes it again.
func ExampleBreaker_Execute() {
	fake := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b := breaker.New(breaker.Settings{
		Name:                "users",
		ConsecutiveFailures: 2,
		OpenTimeout:         10 * time.Second,
		Clock:               fake, // omit in production code
		OnStateChange: func(name string, from, to breaker.State) {
			fmt.Printf("%s: %s -> %s\n", name, from, to)
		},
	})
	ctx := context.Background()
	down := func(context.Context) error { return errors.New("connection refused") }
	up := func(context.Context) error { return nil }

	fmt.Println(b.Execute(ctx, down))
	fmt.Println(b.Execute(ctx, down))
	fmt.Println(b.Execute(ctx, up), "- retry in", b.RemainingOpen())
	fake.Advance(10 * time.Second)
	fmt.Println(b.Execute(ctx, up))
	// Output:
	// connection refused
	// users: closed -> open
	// connection refused
	// breaker: circuit open - retry in 10s
	// users: open -> half-open
	// users: half-open -> closed
	// <nil>
}

// Allow and Done split a call in two, for code where the call and its outcome
// live in different places. Report every permit exactly once.
func ExampleBreaker_Allow() {
	b := breaker.New(breaker.Settings{})

	p, err := b.Allow()
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	// ... make the call ...
	p.Done(context.Canceled) // the caller gave up: neutral, not counted

	fmt.Printf("%s %+v\n", b.State(), b.Counts())
	// Output:
	// closed {Calls:0 Failures:0 ConsecutiveFailures:0}
}
