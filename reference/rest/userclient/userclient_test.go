package userclient_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
	"github.com/skillcheck-dev/skillcheck/reference/rest/transport"
	"github.com/skillcheck-dev/skillcheck/reference/rest/userclient"
)

type fault = func(http.ResponseWriter, *http.Request, http.Handler)

// newClient starts the service with faults and returns a resilient client
// for it on a fake clock.
func newClient(t *testing.T, svc *userService, at map[int]fault) (*userclient.ClientWithResponses, *faults, *clock.Fake) {
	t.Helper()
	srv, f := serve(svc, at)
	t.Cleanup(srv.Close)
	fake := clock.NewFake(time.Now())
	c, err := userclient.NewResilient(srv.URL, transport.Settings{
		Retry:   retry.Policy{Clock: fake},
		Breaker: breaker.Settings{Clock: fake},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, f, fake
}

func wantRequests(t *testing.T, f *faults, n int) {
	t.Helper()
	if got := f.requests(); got != n {
		t.Fatalf("server saw %d requests, want %d", got, n)
	}
}

func TestGetUser(t *testing.T) {
	c, f, _ := newClient(t, newUserService("ada", "grace"), nil)
	resp, err := c.GetUserWithResponse(context.Background(), "u2")
	if err != nil {
		t.Fatal(err)
	}
	want := userclient.User{Id: "u2", Name: "grace", Email: "grace@example.com"}
	if resp.StatusCode() != 200 || resp.JSON200 == nil || *resp.JSON200 != want {
		t.Fatalf("got %d %+v, want %+v", resp.StatusCode(), resp.JSON200, want)
	}
	wantRequests(t, f, 1)
}

func TestGetUserNotFoundUsesTheErrorModel(t *testing.T) {
	c, f, _ := newClient(t, newUserService("ada"), nil)
	resp, err := c.GetUserWithResponse(context.Background(), "u9")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != 404 || resp.JSON404 == nil || resp.JSON404.Code != "not_found" || resp.JSON200 != nil {
		t.Fatalf("got %d %+v", resp.StatusCode(), resp.JSON404)
	}
	wantRequests(t, f, 1) // a 404 is an answer, not retried
}

func TestGetUserRetriesABurstOf503(t *testing.T) {
	c, f, fake := newClient(t, newUserService("ada"), map[int]fault{1: unavailable, 2: unavailable})
	resp, err := c.GetUserWithResponse(context.Background(), "u1")
	if err != nil || resp.JSON200 == nil || resp.JSON200.Name != "ada" {
		t.Fatalf("got %v, %v", resp, err)
	}
	wantRequests(t, f, 3)
	if n := len(fake.Sleeps()); n != 2 {
		t.Fatalf("%d waits, want 2", n)
	}
}

func TestExhaustedRetriesReturnTheLastErrorResponse(t *testing.T) {
	c, f, _ := newClient(t, newUserService("ada"), map[int]fault{1: unavailable, 2: unavailable, 3: unavailable})
	resp, err := c.GetUserWithResponse(context.Background(), "u1")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != 503 || resp.JSONDefault == nil || resp.JSONDefault.Code != "unavailable" {
		t.Fatalf("got %d %+v, want the 503 error model", resp.StatusCode(), resp.JSONDefault)
	}
	wantRequests(t, f, retry.DefaultMaxAttempts)
}

func TestListUsersPages(t *testing.T) {
	c, f, _ := newClient(t, newUserService("a", "b", "c", "d", "e"), map[int]fault{2: unavailable})
	limit := 2
	params := &userclient.ListUsersParams{Limit: &limit}
	var names []string
	for {
		resp, err := c.ListUsersWithResponse(context.Background(), params)
		if err != nil || resp.JSON200 == nil {
			t.Fatalf("page %d: %v, %v", len(names)/2+1, resp, err)
		}
		for _, u := range resp.JSON200.Items {
			names = append(names, u.Name)
		}
		if resp.JSON200.NextCursor == nil {
			break
		}
		params.Cursor = resp.JSON200.NextCursor
	}
	if got := len(names); got != 5 || names[0] != "a" || names[4] != "e" {
		t.Fatalf("names = %v", names)
	}
	wantRequests(t, f, 4) // three pages, one retried
}

func TestListUsersBadLimit(t *testing.T) {
	c, _, _ := newClient(t, newUserService(), nil)
	limit := 0
	resp, err := c.ListUsersWithResponse(context.Background(), &userclient.ListUsersParams{Limit: &limit})
	if err != nil || resp.StatusCode() != 400 || resp.JSONDefault == nil || resp.JSONDefault.Code != "bad_limit" {
		t.Fatalf("got %v, %v", resp, err)
	}
}

func TestCreateUserWithLostResponseIsCreatedOnce(t *testing.T) {
	svc := newUserService()
	c, f, _ := newClient(t, svc, map[int]fault{1: lostResponse})
	resp, err := c.CreateUserWithResponse(context.Background(),
		&userclient.CreateUserParams{IdempotencyKey: "key-1"},
		userclient.NewUser{Name: "ada", Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	// The first attempt created the user but its response was lost; the
	// retry carried the same key and body, and the service replayed.
	want := userclient.User{Id: "u1", Name: "ada", Email: "ada@example.com"}
	if resp.StatusCode() != 201 || resp.JSON201 == nil || *resp.JSON201 != want {
		t.Fatalf("got %d %+v", resp.StatusCode(), resp.JSON201)
	}
	wantRequests(t, f, 2)
	if n := svc.count(); n != 1 {
		t.Fatalf("%d users created, want 1", n)
	}
}

func TestCreateUserWithoutKeyIsNotRetried(t *testing.T) {
	svc := newUserService()
	c, f, _ := newClient(t, svc, map[int]fault{1: lostResponse})
	_, err := c.CreateUserWithResponse(context.Background(),
		&userclient.CreateUserParams{}, userclient.NewUser{Name: "ada", Email: "ada@example.com"})
	var re *retry.Error
	if !errors.As(err, &re) || re.Attempts != 1 {
		t.Fatalf("err = %v, want a retry.Error after one attempt", err)
	}
	wantRequests(t, f, 1)
}

func TestCreateUserKeyReusedWithAnotherBody(t *testing.T) {
	c, _, _ := newClient(t, newUserService(), nil)
	params := &userclient.CreateUserParams{IdempotencyKey: "key-2"}
	ctx := context.Background()
	if resp, err := c.CreateUserWithResponse(ctx, params, userclient.NewUser{Name: "ada", Email: "a@x"}); err != nil || resp.StatusCode() != 201 {
		t.Fatalf("first: %v, %v", resp, err)
	}
	resp, err := c.CreateUserWithResponse(ctx, params, userclient.NewUser{Name: "bob", Email: "b@x"})
	if err != nil || resp.StatusCode() != 422 || resp.JSON422 == nil || resp.JSON422.Code != "idempotency_key_reused" {
		t.Fatalf("second: %v, %v", resp, err)
	}
}

func TestBreakerOpensOnAFailingService(t *testing.T) {
	srv, _ := serve(newUserService("ada"), map[int]fault{1: unavailable, 2: unavailable})
	defer srv.Close()
	fake := clock.NewFake(time.Now())
	c, err := userclient.NewResilient(srv.URL, transport.Settings{
		Retry:   retry.Policy{Clock: fake, MaxAttempts: 5},
		Breaker: breaker.Settings{Clock: fake, ConsecutiveFailures: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetUserWithResponse(context.Background(), "u1")
	if !errors.Is(err, breaker.ErrOpen) {
		t.Fatalf("err = %v, want ErrOpen", err)
	}
}
