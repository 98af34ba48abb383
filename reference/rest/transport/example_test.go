package transport_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
	"github.com/skillcheck-dev/skillcheck/reference/rest/transport"
)

// NewClient gives any code that takes an *http.Client retries, a breaker
// per host and per-attempt timeouts. The first attempt here fails with 503
// and is retried; once the service is down for good, the breaker opens and
// calls fail fast.
func ExampleNewClient() {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls++
		if calls == 1 || calls > 2 {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"id":"u1"}`)
	}))
	defer srv.Close()

	fake := clock.NewFake(time.Now()) // omit in production code
	client := transport.NewClient(transport.Settings{
		Retry:          retry.Policy{MaxAttempts: 3, Clock: fake},
		Breaker:        breaker.Settings{ConsecutiveFailures: 3, OpenTimeout: 30 * time.Second, Clock: fake},
		AttemptTimeout: 2 * time.Second,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // the whole budget
	defer cancel()

	get := func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/users/u1", nil)
		resp, err := client.Do(req)
		var be *transport.BreakerError
		switch {
		case errors.As(err, &be):
			fmt.Println("rejected:", be.Err)
		case err != nil:
			fmt.Println(err)
		default:
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			fmt.Println(resp.StatusCode, strings.TrimSpace(string(body)))
		}
	}
	get() // 503, then 200
	get() // 503, 503, 503: the breaker opens
	get() // rejected without a call
	u, _ := url.Parse(srv.URL)
	fmt.Println("calls:", calls, "breaker:", client.Transport.(*transport.Transport).Breaker(u.Host).State())
	// Output:
	// 200 {"id":"u1"}
	// 503 unavailable
	// rejected: breaker: circuit open
	// calls: 5 breaker: open
}
