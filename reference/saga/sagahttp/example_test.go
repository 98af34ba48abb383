package sagahttp_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sagahttp"
)

// A step's action calls its participant with the step's key; the answer
// comes back in the saga's terms.
func ExampleCall() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Idempotency-Key") == "o-2:charge-card" {
			http.Error(w, "card declined", http.StatusUnprocessableEntity)
			return
		}
		fmt.Fprint(w, `{"Payment": "pay-1"}`)
	}))
	defer srv.Close()
	for _, key := range []string{"o-1:charge-card", "o-2:charge-card"} {
		var out struct{ Payment string }
		err := sagahttp.Call(context.Background(), srv.Client(), http.MethodPost, srv.URL+"/charges", key, map[string]int{"AmountCents": 4200}, &out)
		fmt.Println(key, out.Payment, errors.As(err, new(*saga.AbortError)))
	}
	// Output:
	// o-1:charge-card pay-1 false
	// o-2:charge-card  true
}
