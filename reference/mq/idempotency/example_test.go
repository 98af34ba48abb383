package idempotency_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
)

// The same message delivered twice credits the account once.
func ExampleStore_Do() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "idempotency")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	store, err := idempotency.OpenSQLite(ctx, filepath.Join(dir, "app.db"), idempotency.Settings{})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	db := store.DB()
	if _, err := db.ExecContext(ctx, `CREATE TABLE accounts (id TEXT PRIMARY KEY, cents INTEGER NOT NULL);
		INSERT INTO accounts VALUES ('alice', 1000)`); err != nil {
		log.Fatal(err)
	}

	credit := func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET cents = cents + 500 WHERE id = 'alice'`)
		return err
	}
	for range 2 { // a redelivery
		dup, err := store.Do(ctx, "payment-7f3a", credit)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("duplicate:", dup)
	}
	var cents int
	if err := db.QueryRowContext(ctx, `SELECT cents FROM accounts WHERE id = 'alice'`).Scan(&cents); err != nil {
		log.Fatal(err)
	}
	fmt.Println("alice:", cents)
	// Output:
	// duplicate: false
	// duplicate: true
	// alice: 1500
}
