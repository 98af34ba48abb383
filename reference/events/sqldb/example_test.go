package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// InTx commits when the function returns nil and rolls back otherwise; a
// dialect tells a unique violation from other errors on either database.
func ExampleInTx() {
	dir, _ := os.MkdirTemp("", "sqldb")
	defer os.RemoveAll(dir)
	db, err := sqldb.OpenSQLite(filepath.Join(dir, "app.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	_, _ = db.ExecContext(ctx, "CREATE TABLE users (email TEXT PRIMARY KEY)")

	insert := func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO users VALUES ($1)", "ada@example.com")
		return err
	}
	fmt.Println(sqldb.InTx(ctx, db, insert))
	err = sqldb.InTx(ctx, db, insert)
	fmt.Println("duplicate:", sqldb.SQLite.IsUniqueViolation(err))
	// Output:
	// <nil>
	// duplicate: true
}
