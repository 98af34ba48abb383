package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"outbox", "Events_2", "_x"} {
		if err := sqldb.CheckName(ok); err != nil {
			t.Errorf("CheckName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "2events", "a.b", "a-b", `x"; DROP TABLE y; --`, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} {
		if err := sqldb.CheckName(bad); err == nil {
			t.Errorf("CheckName(%q) accepted", bad)
		}
	}
}

func TestDialects(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name(), func(t *testing.T) {
			ctx := context.Background()
			db := dbtest.Open(t, d)
			if _, err := db.ExecContext(ctx, "CREATE TABLE t (id "+d.Identity()+", v "+d.Blob()+" NOT NULL, k TEXT UNIQUE)"); err != nil {
				t.Fatal(err)
			}
			err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
				if err := d.Lock(ctx, tx, "t"); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, "INSERT INTO t (v, k) VALUES ($1, $2)", []byte{1}, "a")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.ExecContext(ctx, "INSERT INTO t (v, k) VALUES ($1, $2)", []byte{2}, "a")
			if !d.IsUniqueViolation(err) {
				t.Fatalf("IsUniqueViolation(%v) = false", err)
			}
			if d.IsUniqueViolation(errors.New("other")) {
				t.Fatal("IsUniqueViolation of a plain error")
			}

			boom := errors.New("boom")
			if err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, "INSERT INTO t (v, k) VALUES ($1, 'b')", []byte{3}); err != nil {
					return err
				}
				return boom
			}); !errors.Is(err, boom) {
				t.Fatalf("InTx = %v", err)
			}
			func() {
				defer func() { _ = recover() }()
				_ = sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
					_, _ = tx.ExecContext(ctx, "INSERT INTO t (v, k) VALUES ($1, 'c')", []byte{4})
					panic("handler bug")
				})
			}()
			var n int
			if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
				t.Fatalf("%d rows (%v): rolled-back rows were kept", n, err)
			}
		})
	}
}
