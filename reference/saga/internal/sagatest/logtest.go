package sagatest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

// TestLog checks that log keeps the contract of saga.Log. The log must be
// empty.
func TestLog(t *testing.T, log saga.Log) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rec := func(id, name, owner string, created time.Time) saga.Record {
		r := saga.Record{ID: id, Name: name, Status: saga.StatusRunning, Data: []byte(`{"n":1}`),
			Created: created, Updated: created, LeaseOwner: owner, Version: 1}
		if owner != "" {
			r.LeaseExpires = created.Add(time.Minute)
		}
		return r
	}
	created := func(r saga.Record) saga.Event {
		return saga.Event{SagaID: r.ID, At: r.Created, Owner: r.LeaseOwner, Type: saga.EventCreated, Step: -1}
	}
	for i, r := range []saga.Record{
		rec("a", "order", "", t0),
		rec("b", "order", "x#1", t0.Add(time.Second)),
		rec("c", "order", "", t0.Add(2*time.Second)),
		rec("d", "refund", "", t0.Add(3*time.Second)),
	} {
		if err := log.Create(ctx, r, created(r)); err != nil {
			t.Fatalf("Create %d: %v", i, err)
		}
	}
	if err := log.Create(ctx, rec("a", "order", "", t0), created(rec("a", "order", "", t0))); !errors.Is(err, saga.ErrExists) {
		t.Fatalf("Create of a taken ID = %v", err)
	}
	got, err := log.Get(ctx, "a")
	if err != nil || got.Version != 1 || got.Status != saga.StatusRunning || string(got.Data) != `{"n":1}` || !got.Created.Equal(t0) {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if _, err := log.Get(ctx, "zz"); !errors.Is(err, saga.ErrNotFound) {
		t.Fatalf("Get of an unknown ID = %v", err)
	}

	// Leases: b is held until t0+61s.
	now := t0.Add(10 * time.Second)
	if _, err := log.Acquire(ctx, "b", "y#1", now, now.Add(time.Minute)); !errors.Is(err, saga.ErrLeased) {
		t.Fatalf("Acquire of a held lease = %v", err)
	}
	if _, err := log.Acquire(ctx, "zz", "y#1", now, now.Add(time.Minute)); !errors.Is(err, saga.ErrNotFound) {
		t.Fatalf("Acquire of an unknown ID = %v", err)
	}
	a, err := log.Acquire(ctx, "a", "y#1", now, now.Add(time.Minute))
	if err != nil || a.LeaseOwner != "y#1" || a.Version != 2 || !a.LeaseExpires.Equal(now.Add(time.Minute)) {
		t.Fatalf("Acquire = %+v, %v", a, err)
	}
	// Claims: a and b are held, so c; then none (d is another definition).
	c, ok, err := log.Claim(ctx, "order", "z#1", now, now.Add(time.Minute))
	if err != nil || !ok || c.ID != "c" || c.LeaseOwner != "z#1" {
		t.Fatalf("Claim = %+v, %v, %v", c, ok, err)
	}
	if r, ok, err := log.Claim(ctx, "order", "z#2", now, now.Add(time.Minute)); err != nil || ok {
		t.Fatalf("Claim with nothing due = %+v, %v, %v", r, ok, err)
	}
	// Saves are fenced by owner and version.
	a.Step, a.Attempts, a.Data, a.Updated = 1, 2, []byte(`{"n":2}`), now
	if err := log.Save(ctx, &a, saga.Event{SagaID: "a", At: now, Owner: "y#1", Type: saga.EventActionStarted, Step: 1, StepName: "s", Attempt: 2}); err != nil || a.Version != 3 {
		t.Fatalf("Save = %v, version %d", err, a.Version)
	}
	stale := a
	stale.Version = 2
	if err := log.Save(ctx, &stale, saga.Event{SagaID: "a"}); !errors.Is(err, saga.ErrLeaseLost) || stale.Version != 2 {
		t.Fatalf("Save of a stale version = %v", err)
	}
	other := a
	other.LeaseOwner = "z#9"
	if err := log.Save(ctx, &other, saga.Event{SagaID: "a"}); !errors.Is(err, saga.ErrLeaseLost) {
		t.Fatalf("Save by another owner = %v", err)
	}
	// An expired lease is taken over; the old owner's writes then fail.
	later := t0.Add(2 * time.Minute)
	b, err := log.Acquire(ctx, "b", "y#2", later, later.Add(time.Minute))
	if err != nil || b.LeaseOwner != "y#2" {
		t.Fatalf("Acquire of an expired lease = %+v, %v", b, err)
	}
	if err := log.Release(ctx, "a", "nobody"); err != nil {
		t.Fatal(err)
	}
	if r, _ := log.Get(ctx, "a"); r.LeaseOwner != "y#1" {
		t.Fatalf("Release by another owner freed the lease: %+v", r)
	}
	if err := log.Release(ctx, "a", "y#1"); err != nil {
		t.Fatal(err)
	}
	if r, _ := log.Get(ctx, "a"); r.LeaseOwner != "" || !r.LeaseExpires.IsZero() || r.Step != 1 || r.Attempts != 2 || string(r.Data) != `{"n":2}` {
		t.Fatalf("after Release: %+v", r)
	}
	if _, err := log.Acquire(ctx, "a", "y#3", now, now.Add(time.Minute)); err != nil {
		t.Fatalf("Acquire of a released lease: %v", err)
	}

	evs, err := log.Events(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	var types []saga.EventType
	for i, ev := range evs {
		if ev.Seq != int64(i+1) || ev.SagaID != "a" {
			t.Errorf("event %d: %+v", i, ev)
		}
		types = append(types, ev.Type)
	}
	if want := []saga.EventType{saga.EventCreated, saga.EventAcquired, saga.EventActionStarted, saga.EventAcquired}; !slices.Equal(types, want) {
		t.Fatalf("events = %v, want %v", types, want)
	}
	if ev := evs[2]; ev.Owner != "y#1" || ev.Step != 1 || ev.StepName != "s" || ev.Attempt != 2 || !ev.At.Equal(now) {
		t.Fatalf("event = %+v", ev)
	}

	list, err := log.List(ctx, saga.Filter{Name: "order", Status: []saga.Status{saga.StatusRunning, saga.StatusParked}})
	if err != nil || len(list) != 3 || list[0].ID != "a" || list[2].ID != "c" {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if list, err := log.List(ctx, saga.Filter{}); err != nil || len(list) != 4 {
		t.Fatalf("List all = %d, %v", len(list), err)
	}
	if list, err := log.List(ctx, saga.Filter{Status: []saga.Status{saga.StatusParked}}); err != nil || len(list) != 0 {
		t.Fatalf("List parked = %+v, %v", list, err)
	}
}

// TestConcurrentClaims checks that concurrent claims never return the same
// saga.
func TestConcurrentClaims(t *testing.T, log saga.Log) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 40
	for i := range n {
		r := saga.Record{ID: string(rune('A'+i/26)) + string(rune('a'+i%26)), Name: "order", Status: saga.StatusRunning, Created: now, Updated: now, Version: 1}
		if err := log.Create(ctx, r, saga.Event{SagaID: r.ID, Type: saga.EventCreated, Step: -1}); err != nil {
			t.Fatal(err)
		}
	}
	var (
		mu      sync.Mutex
		claimed = map[string]int{}
		wg      sync.WaitGroup
	)
	for w := range 8 {
		wg.Go(func() {
			for {
				r, ok, err := log.Claim(ctx, "order", string(rune('0'+w)), now, now.Add(time.Minute))
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				claimed[r.ID]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(claimed) != n {
		t.Errorf("claimed %d sagas, want %d", len(claimed), n)
	}
	for id, c := range claimed {
		if c != 1 {
			t.Errorf("saga %s claimed %d times", id, c)
		}
	}
}

// TestDue checks that log keeps the due times of saga.Log: Claim returns
// only sagas that are due, the one due first, and NextDue tells when the
// next one falls due (lease expiries included); Unknown, Due and Deadline
// survive a write. The log must be empty.
func TestDue(t *testing.T, log saga.Log) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, ok, err := log.NextDue(ctx, "order"); err != nil || ok {
		t.Fatalf("NextDue of an empty log = %v, %v", ok, err)
	}
	for i, due := range []time.Duration{3 * time.Second, time.Second, 2 * time.Second} {
		r := saga.Record{ID: string(rune('a' + i)), Name: "order", Status: saga.StatusRunning, Created: t0, Updated: t0, Version: 1,
			Due: t0.Add(due), Deadline: t0.Add(time.Hour), Unknown: i == 0}
		if err := log.Create(ctx, r, saga.Event{SagaID: r.ID, Type: saga.EventCreated, Step: -1}); err != nil {
			t.Fatal(err)
		}
	}
	if next, ok, err := log.NextDue(ctx, "order"); err != nil || !ok || !next.Equal(t0.Add(time.Second)) {
		t.Fatalf("NextDue = %v, %v, %v; want t0+1s", next, ok, err)
	}
	if r, ok, err := log.Claim(ctx, "order", "x#1", t0, t0.Add(time.Minute)); err != nil || ok {
		t.Fatalf("Claim before anything is due = %+v, %v, %v", r, ok, err)
	}
	now := t0.Add(2 * time.Second)
	b, ok, err := log.Claim(ctx, "order", "x#1", now, now.Add(time.Minute))
	if err != nil || !ok || b.ID != "b" {
		t.Fatalf("Claim = %+v, %v, %v; want b, due first", b, ok, err)
	}
	// b is leased until now+1m: the next due is c at t0+2s.
	if next, ok, err := log.NextDue(ctx, "order"); err != nil || !ok || !next.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("NextDue = %v, %v, %v; want t0+2s", next, ok, err)
	}
	b.Due, b.Unknown, b.Deadline = now.Add(time.Hour), true, time.Time{}
	if err := log.Save(ctx, &b, saga.Event{SagaID: "b", Type: saga.EventActionFailed, Step: 0}); err != nil {
		t.Fatal(err)
	}
	if err := log.Release(ctx, "b", "x#1"); err != nil {
		t.Fatal(err)
	}
	got, err := log.Get(ctx, "b")
	if err != nil || !got.Due.Equal(now.Add(time.Hour)) || !got.Unknown || !got.Deadline.IsZero() {
		t.Fatalf("after Save: %+v, %v", got, err)
	}
	if a, _ := log.Get(ctx, "a"); !a.Unknown || !a.Deadline.Equal(t0.Add(time.Hour)) {
		t.Fatalf("created: %+v", a)
	}
	c, ok, err := log.Claim(ctx, "order", "x#2", now, now.Add(time.Minute))
	if err != nil || !ok || c.ID != "c" {
		t.Fatalf("Claim = %+v, %v, %v; want c", c, ok, err)
	}
	if next, ok, err := log.NextDue(ctx, "order"); err != nil || !ok || !next.Equal(t0.Add(3*time.Second)) {
		t.Fatalf("NextDue = %v, %v, %v; want a at t0+3s", next, ok, err)
	}
}
