package sqllog_test

import (
	"context"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sqllog"
)

// newLog returns a Log with its tables on a fresh database of backend b.
func newLog(t testing.TB, b sagatest.Backend) *sqllog.Log {
	t.Helper()
	log := sqllog.New(b.Open(t), dialects[b.Name])
	if err := log.CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	return log
}

var dialects = map[string]*sqllog.Dialect{"sqlite": sqllog.SQLite, "postgres": sqllog.Postgres}

func TestLog(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			sagatest.TestLog(t, newLog(t, b))
		})
	}
}

func TestDue(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			sagatest.TestDue(t, newLog(t, b))
		})
	}
}

func TestConcurrentClaims(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			sagatest.TestConcurrentClaims(t, newLog(t, b))
		})
	}
}

func TestCreateTablesTwice(t *testing.T) {
	for _, b := range sagatest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			log := newLog(t, b)
			if err := log.CreateTables(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
