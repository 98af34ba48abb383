package saga

import (
	"context"
	"slices"
	"sync"
	"time"
)

// MemoryLog is a Log kept in memory, for tests, examples and benchmarks. It
// is not durable: whatever it holds is lost with the process. Create it with
// NewMemoryLog; it is safe for concurrent use.
type MemoryLog struct {
	mu      sync.Mutex
	records map[string]*Record
	events  map[string][]Event
	order   []string // IDs in creation order
}

// NewMemoryLog returns an empty MemoryLog.
func NewMemoryLog() *MemoryLog {
	return &MemoryLog{records: map[string]*Record{}, events: map[string][]Event{}}
}

// Create implements Log.
func (m *MemoryLog) Create(ctx context.Context, r Record, ev Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.records[r.ID]; ok {
		return ErrExists
	}
	r.Version = 1
	m.records[r.ID] = &r
	m.order = append(m.order, r.ID)
	ev.Seq = 1
	m.events[r.ID] = []Event{ev}
	return nil
}

// Acquire implements Log.
func (m *MemoryLog) Acquire(ctx context.Context, id, owner string, now, until time.Time) (Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return Record{}, ErrNotFound
	}
	if !leaseFree(r, now) {
		return Record{}, ErrLeased
	}
	return m.lease(r, owner, now, until), nil
}

// Claim implements Log.
func (m *MemoryLog) Claim(ctx context.Context, name, owner string, now, until time.Time) (Record, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var first *Record
	for _, id := range m.order {
		r := m.records[id]
		if r.Name == name && r.Status == StatusRunning && leaseFree(r, now) && !r.Due.After(now) &&
			(first == nil || r.Due.Before(first.Due)) {
			first = r
		}
	}
	if first == nil {
		return Record{}, false, nil
	}
	return m.lease(first, owner, now, until), true, nil
}

// NextDue implements Log.
func (m *MemoryLog) NextDue(ctx context.Context, name string) (time.Time, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var (
		next time.Time
		ok   bool
	)
	for _, r := range m.records {
		if r.Name != name || r.Status != StatusRunning {
			continue
		}
		at := r.Due
		if r.LeaseOwner != "" && r.LeaseExpires.After(at) {
			at = r.LeaseExpires
		}
		if !ok || at.Before(next) {
			next, ok = at, true
		}
	}
	return next, ok, nil
}

func leaseFree(r *Record, now time.Time) bool {
	return r.LeaseOwner == "" || !r.LeaseExpires.After(now)
}

// lease gives r to owner and appends EventAcquired; m.mu is held.
func (m *MemoryLog) lease(r *Record, owner string, now, until time.Time) Record {
	r.LeaseOwner, r.LeaseExpires, r.Updated = owner, until, now
	r.Version++
	m.events[r.ID] = append(m.events[r.ID], Event{
		SagaID: r.ID, Seq: r.Version, At: now, Owner: owner, Type: EventAcquired, Step: -1,
	})
	return *r
}

// Save implements Log.
func (m *MemoryLog) Save(ctx context.Context, r *Record, ev Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.records[r.ID]
	if !ok || cur.LeaseOwner != r.LeaseOwner || cur.Version != r.Version {
		return ErrLeaseLost
	}
	r.Version++
	*cur = *r
	cur.Data = slices.Clone(r.Data)
	ev.Seq = r.Version
	m.events[r.ID] = append(m.events[r.ID], ev)
	return nil
}

// Release implements Log.
func (m *MemoryLog) Release(ctx context.Context, id, owner string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.records[id]; ok && r.LeaseOwner == owner {
		r.LeaseOwner, r.LeaseExpires = "", time.Time{}
	}
	return nil
}

// Get implements Log.
func (m *MemoryLog) Get(ctx context.Context, id string) (Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return Record{}, ErrNotFound
	}
	return *r, nil
}

// List implements Log.
func (m *MemoryLog) List(ctx context.Context, f Filter) ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Record
	for _, id := range m.order {
		r := m.records[id]
		if (f.Name == "" || r.Name == f.Name) && (len(f.Status) == 0 || slices.Contains(f.Status, r.Status)) {
			out = append(out, *r)
		}
	}
	return out, nil
}

// Events implements Log.
func (m *MemoryLog) Events(ctx context.Context, id string) ([]Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.events[id]), nil
}
