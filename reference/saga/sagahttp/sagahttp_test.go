package sagahttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/clock"
	"github.com/skillcheck-dev/skillcheck/reference/rest/outcome"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sagahttp"
)

// provider is a payment provider with idempotency keys as Stripe has them:
// the first request with a key charges the card (slowly), a request with the
// same key while the first is still processing gets 409, and one after it
// gets the stored answer again.
type provider struct {
	mu       sync.Mutex
	state    map[string]string // key -> "processing" or the charge's ID
	charges  int               // cards charged
	release  chan struct{}     // closed when the first charge may finish
	recorded chan struct{}     // closed when it has
	once     sync.Once
}

func newProvider() *provider {
	return &provider{state: map[string]string{}, release: make(chan struct{}), recorded: make(chan struct{})}
}

func (p *provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	p.mu.Lock()
	st, seen := p.state[key]
	if !seen {
		p.state[key] = "processing"
	}
	p.mu.Unlock()
	switch {
	case !seen:
		// Processing goes on when the caller hangs up, as it does at a
		// provider: the card is charged all the same.
		<-p.release
		p.mu.Lock()
		p.charges++
		p.state[key] = "ch_1"
		p.mu.Unlock()
		close(p.recorded)
		writeCharge(w, "ch_1")
	case st == "processing":
		http.Error(w, "a request with this idempotency key is still being processed", http.StatusConflict)
		// The first request finishes right after this answer.
		p.once.Do(func() { close(p.release); <-p.recorded })
	default:
		writeCharge(w, st)
	}
}

func writeCharge(w http.ResponseWriter, id string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]string{"Payment": id})
}

// order is the saga's data.
type order struct {
	Reserved bool
	Payment  string
}

// stock is the stock service: a reservation and its release.
type stock struct {
	mu                 sync.Mutex
	reserved, released int
}

// The charged-card case: the charge, the saga's pivot, times out while the
// provider is still charging; the retry with the same key gets 409 (still in
// flight). The saga must ask again, not turn back: before the fix the
// skills mapped 409 to saga.Abort, so the stock was released and the order
// compensated while the card was charged.
func TestInFlightChargeIsNeverCompensated(t *testing.T) {
	p := newProvider()
	srv := httptest.NewServer(p)
	defer srv.Close()
	s := &stock{}
	def := saga.Definition[order]{Name: "order", Steps: []saga.Step[order]{{
		Name: "reserve",
		Action: func(ctx context.Context, key string, o order) (order, error) {
			s.mu.Lock()
			s.reserved++
			s.mu.Unlock()
			o.Reserved = true
			return o, nil
		},
		Compensate: func(ctx context.Context, key string, o order) error {
			s.mu.Lock()
			s.released++
			s.mu.Unlock()
			return nil
		},
	}, {
		Name:    "charge",
		Kind:    saga.Pivot,
		Timeout: 50 * time.Millisecond, // shorter than the provider's charge
		Action: func(ctx context.Context, key string, o order) (order, error) {
			var out struct{ Payment string }
			err := sagahttp.Call(ctx, srv.Client(), http.MethodPost, srv.URL+"/charges", key, map[string]int{"AmountCents": 4200}, &out)
			o.Payment = out.Payment
			return o, err
		},
	}, {
		Name:   "ship",
		Kind:   saga.Retriable,
		Action: func(ctx context.Context, key string, o order) (order, error) { return o, nil },
	}}}
	log := saga.NewMemoryLog()
	o, err := saga.New(def, log, saga.Settings{Clock: clock.NewFake(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	res, err := o.Run(context.Background(), "o-1", order{})
	s.mu.Lock()
	defer s.mu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.charges == 1 && s.released > 0 {
		t.Fatalf("charged and compensated: the card was charged %d time(s), the stock released %d time(s); saga %s (%s)", p.charges, s.released, res.Status, res.Reason)
	}
	if err != nil || res.Status != saga.StatusCompleted || res.Data.Payment != "ch_1" || p.charges != 1 || s.reserved != 1 {
		t.Fatalf("Run = %+v, %v; charges %d, reserved %d, released %d", res, err, p.charges, s.reserved, s.released)
	}
	evs, _ := log.Events(context.Background(), "o-1")
	var failures []string
	for _, ev := range evs {
		if ev.Type == saga.EventActionFailed {
			failures = append(failures, ev.Error)
		}
	}
	if len(failures) != 2 {
		t.Errorf("failed attempts %q, want the timeout and the 409", failures)
	}
}

// Every answer of a participant lands in one of the saga's error classes.
func TestCallClassifiesAnswers(t *testing.T) {
	for _, c := range []struct {
		status  int
		abort   bool
		unknown bool
	}{
		{http.StatusCreated, false, false},
		{http.StatusUnprocessableEntity, true, false}, // declined
		{http.StatusNotFound, true, false},
		{http.StatusConflict, false, true},            // in flight
		{http.StatusServiceUnavailable, false, false}, // keyed: a failure, retried
		{http.StatusTooManyRequests, false, false},
		{http.StatusRequestTimeout, false, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Idempotency-Key") != "s:step" {
				http.Error(w, "no key", http.StatusBadRequest)
				return
			}
			w.WriteHeader(c.status)
			_, _ = w.Write([]byte("{}"))
		}))
		err := sagahttp.Call(context.Background(), srv.Client(), http.MethodPost, srv.URL, "s:step", struct{}{}, nil)
		srv.Close()
		var abort *saga.AbortError
		var unknown *saga.UnknownError
		if c.status < 300 {
			if err != nil {
				t.Errorf("%d: %v", c.status, err)
			}
			continue
		}
		var oe *outcome.Error
		if errors.As(err, &abort) != c.abort || errors.As(err, &unknown) != c.unknown || !errors.As(err, &oe) || oe.StatusCode != c.status {
			t.Errorf("%d: %v (abort %v, unknown %v)", c.status, err, errors.As(err, &abort), errors.As(err, &unknown))
		}
	}
}
