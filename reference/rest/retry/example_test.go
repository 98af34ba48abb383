package retry_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
)

// A POST is retried only because it carries an Idempotency-Key; every attempt
// sends the same key and the same body.
func ExampleTransport() {
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts++
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("attempt %d: key %s, body %s\n", attempts, r.Header.Get("Idempotency-Key"), body)
		if attempts == 1 {
			w.Header().Set("Retry-After", "2")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()

	fake := clock.NewFake(time.Now())
	client := &http.Client{Transport: retry.NewTransport(http.DefaultTransport, retry.Policy{
		Clock: fake, // omit in production code
	})}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/users", strings.NewReader(`{"name":"Ada"}`))
	req.Header.Set(retry.IdempotencyKeyHeader, "3f1c2a7e")
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status, "after waiting", fake.Sleeps())
	// Output:
	// attempt 1: key 3f1c2a7e, body {"name":"Ada"}
	// attempt 2: key 3f1c2a7e, body {"name":"Ada"}
	// 201 Created after waiting [2s]
}

// Backoff ceilings double from BaseDelay up to MaxDelay; the default jitter
// draws each wait uniformly below its ceiling.
func ExamplePolicy_Backoff() {
	p := retry.Policy{
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
