package retry_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/failsafe-go/failsafe-go/budget"
	"github.com/failsafe-go/failsafe-go/failsafehttp"

	"github.com/skillcheck-dev/skillcheck/reference/rest/retry"
)

// stub answers without a network: every attempt of a call fails with 503
// until failures have been answered, then 200.
type stub struct {
	failures int64
	n        atomic.Int64
}

func (s *stub) RoundTrip(r *http.Request) (*http.Response, error) {
	code := http.StatusOK
	if s.failures > 0 && s.n.Add(1)%(s.failures+1) != 0 {
		code = http.StatusServiceUnavailable
	}
	return &http.Response{StatusCode: code, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
}

// BenchmarkRetry measures the retry path of one call, beside failsafe-go's
// failsafehttp round tripper in the same run: "first" calls succeed at once,
// "retry" calls get a 503 and succeed on the second attempt. The attempts go
// to a stub, with no backoff wait, so only the retrying machinery is timed:
// classification, body and context handling, the retry budget. Both have a
// budget that does not limit here (ours with Ratio 1, failsafe-go's
// concurrency budget at its defaults) and make at most 3 attempts.
func BenchmarkRetry(b *testing.B) {
	impls := []struct {
		name string
		new  func(next http.RoundTripper) http.RoundTripper
	}{
		{"skillcheck", func(next http.RoundTripper) http.RoundTripper {
			return retry.NewTransport(next, retry.Policy{
				Jitter: func(time.Duration) time.Duration { return 0 },
				Budget: retry.NewBudget(retry.BudgetSettings{Ratio: 1}),
			})
		}},
		{"failsafe-go", func(next http.RoundTripper) http.RoundTripper {
			return failsafehttp.NewRoundTripper(next, failsafehttp.NewRetryPolicyBuilder().
				WithMaxAttempts(3).WithDelay(0).WithBudget(budget.New()).Build())
		}},
	}
	for _, impl := range impls {
		for _, path := range []struct {
			name     string
			failures int64
		}{{"first", 0}, {"retry", 1}} {
			b.Run("impl="+impl.name+"/path="+path.name, func(b *testing.B) {
				s := &stub{failures: path.failures}
				rt := impl.new(s)
				b.ReportAllocs()
				for b.Loop() {
					req, _ := http.NewRequest(http.MethodGet, "http://users.internal/users/u1", nil)
					resp, err := rt.RoundTrip(req)
					if err != nil || resp.StatusCode != http.StatusOK {
						b.Fatalf("%v %v", resp, err)
					}
					resp.Body.Close()
				}
			})
		}
	}
}
