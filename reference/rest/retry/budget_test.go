package retry_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
)

func TestBudgetTokens(t *testing.T) {
	b := retry.NewBudget(retry.BudgetSettings{Tokens: 4, Ratio: 0.5})
	for range 2 { // 4 → 2 tokens: no more than half
		if !b.Allow("a") {
			t.Fatal("retries refused while the bucket is above half")
		}
		b.Record("a", true)
	}
	if b.Allow("a") {
		t.Fatal("retries allowed at half the bucket")
	}
	if !b.Allow("b") {
		t.Fatal("another host's bucket was emptied")
	}
	b.Record("a", false) // 2.5
	if !b.Allow("a") {
		t.Fatal("a success did not refill the bucket")
	}
	for range 10 { // refilled up to its size, not beyond
		b.Record("a", false)
	}
	b.Record("a", true)
	b.Record("a", true)
	if b.Allow("a") {
		t.Fatal("the bucket grew past its size")
	}
	off := retry.NewBudget(retry.BudgetSettings{Ratio: -1})
	for range 100 {
		off.Record("a", true)
	}
	if !off.Allow("a") {
		t.Fatal("a budget turned off refused a retry")
	}
}

// A dependency that is down gets its normal traffic and a few retries, not
// MaxAttempts times its traffic: once failures outrun successes by half the
// bucket, each call is sent once.
func TestBudgetStopsRetriesToADownHost(t *testing.T) {
	s := newServer(t, reply(503, "down"))
	f := newFixture(retry.Policy{MaxAttempts: 3})
	const calls = 10
	for range calls {
		resp, body := f.get(t, s.URL)
		if resp.StatusCode != 503 || body != "down" {
			t.Fatalf("got %d %q, want the last 503 as it came", resp.StatusCode, body)
		}
	}
	// 10 tokens, retries while more than 5: 3 attempts, 2, then 1 each.
	if got, want := len(s.requests()), 3+2+(calls-2); got != want {
		t.Fatalf("server saw %d attempts for %d calls, want %d (without a budget: %d)", got, calls, want, 3*calls)
	}
}

// errTransport fails every attempt with err.
type errTransport struct{ err error }

func (e errTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, e.err
}

func TestThrottledErrorSaysSo(t *testing.T) {
	errDown := errors.New("connection refused")
	b := retry.NewBudget(retry.BudgetSettings{Tokens: 2})
	client := &http.Client{Transport: retry.NewTransport(errTransport{errDown}, retry.Policy{Budget: b, Jitter: func(time.Duration) time.Duration { return 0 }})}
	_, err := client.Get("http://down.example/")
	var re *retry.Error
	if !errors.Is(err, retry.ErrThrottled) || !errors.Is(err, errDown) || !errors.As(err, &re) || re.Attempts != 1 {
		t.Fatalf("err = %v, want one attempt, throttled, wrapping the cause", err)
	}
}

// The budget bounds the whole call, reading the body included, when the
// caller's context has no deadline; closing the body ends it.
func TestMaxElapsedBoundsTheCall(t *testing.T) {
	s := newServer(t, reply(200, "ok"))
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, s.URL, nil)
	var deadline time.Time
	client := &http.Client{Transport: retry.NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		deadline, _ = r.Context().Deadline()
		return http.DefaultTransport.RoundTrip(r)
	}), retry.Policy{MaxElapsed: time.Hour})}
	before := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" || deadline.Before(before.Add(time.Hour)) || deadline.After(time.Now().Add(time.Hour)) {
		t.Fatalf("body %q, attempt deadline %v: want an hour from the call", body, deadline)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
