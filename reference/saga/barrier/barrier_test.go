package barrier_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/saga/barrier"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
)

// participant records its effects in a table without a unique key, so a
// duplicate effect would show as a second row.
type participant struct{ db *sql.DB }

func newParticipant(t *testing.T, b sagatest.Backend) participant {
	t.Helper()
	db := b.Open(t)
	ctx := context.Background()
	if err := barrier.CreateTable(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE effect (saga_key TEXT NOT NULL, op TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return participant{db}
}

func (p participant) call(key string, op barrier.Op, fail error) error {
	return barrier.Run(context.Background(), p.db, key, op, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO effect (saga_key, op) VALUES ($1, $2)`, key, string(op)); err != nil {
			return err
		}
		return fail
	})
}

func (p participant) effects(t *testing.T) string {
	t.Helper()
	rows, err := p.db.Query(`SELECT saga_key, op FROM effect ORDER BY saga_key, op`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	s := ""
	for rows.Next() {
		var k, op string
		if err := rows.Scan(&k, &op); err != nil {
			t.Fatal(err)
		}
		s += k + "/" + op + " "
	}
	return s
}

func TestBarrier(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			p := newParticipant(t, b)
			boom := errors.New("boom")
			steps := []struct {
				key  string
				op   barrier.Op
				fail error
				want error
			}{
				// an action, its duplicate, its compensation and the compensation's duplicate
				{"s1:a", barrier.Action, nil, nil},
				{"s1:a", barrier.Action, nil, nil},
				{"s1:a", barrier.Compensation, nil, nil},
				{"s1:a", barrier.Compensation, nil, nil},
				// a failed action leaves nothing behind and runs again
				{"s2:a", barrier.Action, boom, boom},
				{"s2:a", barrier.Action, nil, nil},
				// a compensation for an action that never ran, then the late action
				{"s3:a", barrier.Compensation, nil, nil},
				{"s3:a", barrier.Action, nil, barrier.ErrCompensated},
				{"s3:a", barrier.Compensation, nil, nil},
				// a failed compensation runs again
				{"s4:a", barrier.Action, nil, nil},
				{"s4:a", barrier.Compensation, boom, boom},
				{"s4:a", barrier.Compensation, nil, nil},
			}
			for i, s := range steps {
				if err := p.call(s.key, s.op, s.fail); !errors.Is(err, s.want) || (s.want == nil && err != nil) {
					t.Fatalf("call %d (%s %s) = %v, want %v", i, s.op, s.key, err, s.want)
				}
			}
			want := "s1:a/action s1:a/compensation s2:a/action s4:a/action s4:a/compensation "
			if got := p.effects(t); got != want {
				t.Errorf("effects = %q, want %q", got, want)
			}
			tx, err := p.db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if err := barrier.Do(context.Background(), tx, "s5:a", "undo", nil); err == nil {
				t.Error("an unknown op was accepted")
			}
		})
	}
}

// Concurrent duplicates of one call, and an action racing its compensation,
// still take effect at most once.
func TestBarrierConcurrent(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			p := newParticipant(t, b)
			const sagas = 20
			var wg sync.WaitGroup
			for i := range sagas {
				key := fmt.Sprintf("s%02d:a", i)
				for j := range 4 {
					op := barrier.Action
					if i%2 == 1 && j%2 == 1 {
						op = barrier.Compensation
					}
					wg.Go(func() {
						if err := p.call(key, op, nil); err != nil && !errors.Is(err, barrier.ErrCompensated) {
							t.Error(err)
						}
					})
				}
			}
			wg.Wait()
			rows, err := p.db.Query(`SELECT saga_key, op, COUNT(*) FROM effect GROUP BY saga_key, op`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			actions := 0
			for rows.Next() {
				var (
					key, op string
					n       int
				)
				if err := rows.Scan(&key, &op, &n); err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("%s %s took effect %d times", key, op, n)
				}
				if op == "action" {
					actions++
				}
			}
			// Even sagas only see actions; odd ones may see either order.
			if actions < sagas/2 {
				t.Errorf("only %d actions took effect", actions)
			}
		})
	}
}

// Fence answers a status query: the action took effect, or it never will.
func TestFence(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			p := newParticipant(t, b)
			fence := func(key string) bool {
				t.Helper()
				tx, err := p.db.Begin()
				if err != nil {
					t.Fatal(err)
				}
				applied, err := barrier.Fence(context.Background(), tx, key)
				if err != nil {
					t.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
				return applied
			}
			if err := p.call("done", barrier.Action, nil); err != nil {
				t.Fatal(err)
			}
			for range 2 { // and again: a query is a read once the key is decided
				if !fence("done") {
					t.Fatal("an applied action was not reported")
				}
			}
			if fence("lost") {
				t.Fatal("an action that never ran was reported applied")
			}
			// The fenced action arrives late: refused; its compensation is a
			// null compensation; the fence still says not applied.
			if err := p.call("lost", barrier.Action, nil); !errors.Is(err, barrier.ErrCompensated) {
				t.Fatalf("late action = %v, want ErrCompensated", err)
			}
			if err := p.call("lost", barrier.Compensation, nil); err != nil {
				t.Fatal(err)
			}
			if fence("lost") {
				t.Fatal("a fenced action was reported applied")
			}
			if err := p.call("done", barrier.Compensation, nil); err != nil {
				t.Fatal(err)
			}
			if got, want := p.effects(t), "done/action done/compensation "; got != want {
				t.Fatalf("effects %q, want %q", got, want)
			}
		})
	}
}
