package outcome_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/skillcheck-dev/skillcheck/reference/rest/outcome"
)

// A payment provider answers 409 while the same key is still being charged:
// the outcome is unknown, never a refusal. Ask again with the same key.
func ExampleDo() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "a request with this key is in flight", http.StatusConflict)
	}))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/charges", nil)
	req.Header.Set(outcome.IdempotencyKeyHeader, "order-7:charge")
	_, o, err := outcome.Do(srv.Client(), req)
	fmt.Println(o, err != nil)
	// Output:
	// unknown true
}
