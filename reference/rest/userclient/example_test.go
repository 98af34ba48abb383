package userclient_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
	"github.com/skillcheck-dev/skillcheck/reference/rest/transport"
	"github.com/skillcheck-dev/skillcheck/reference/rest/userclient"
)

// The generated client runs on the resilient transport: the first creation
// attempt's response is lost, and the retry with the same Idempotency-Key
// gets the stored result instead of creating the user twice.
func ExampleNewResilient() {
	svc := newUserService("grace")
	srv, _ := serve(svc, map[int]func(http.ResponseWriter, *http.Request, http.Handler){1: lostResponse})
	defer srv.Close()

	fake := clock.NewFake(time.Now()) // omit in production code
	users, err := userclient.NewResilient(srv.URL, transport.Settings{
		Retry:          retry.Policy{MaxAttempts: 3, Clock: fake},
		Breaker:        breaker.Settings{Name: "users", Clock: fake},
		AttemptTimeout: 2 * time.Second,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	created, err := users.CreateUserWithResponse(ctx,
		&userclient.CreateUserParams{IdempotencyKey: "8d1e4c0a-create-ada"},
		userclient.NewUser{Name: "ada", Email: "ada@example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created.StatusCode(), created.JSON201.Id, created.JSON201.Name)

	got, err := users.GetUserWithResponse(ctx, "u9")
	if err != nil {
		fmt.Println(err)
		return
	}
	if got.JSON404 != nil {
		fmt.Println(got.StatusCode(), got.JSON404.Code)
	}
	fmt.Println("users:", svc.count())
	// Output:
	// 201 u2 ada
	// 404 not_found
	// users: 2
}
