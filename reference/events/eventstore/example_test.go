package eventstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/eventstore"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// account is an event-sourced aggregate: its state is the fold of its
// events.
type account struct{ balance int }

func (a *account) Apply(r eventstore.Record) error {
	var d struct{ Amount int }
	if err := r.Event.DecodeData(&d); err != nil {
		return err
	}
	a.balance += d.Amount
	return nil
}

// Load a stream, decide, and append with the version that was loaded; a
// writer that loaded the same version and appends second gets a
// ConcurrencyError and must reload.
func ExampleStore_Append() {
	dir, _ := os.MkdirTemp("", "eventstore")
	defer os.RemoveAll(dir)
	db, err := sqldb.OpenSQLite(filepath.Join(dir, "events.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	store, _ := eventstore.New(db, sqldb.SQLite, eventstore.Settings{})
	if err := store.CreateTables(ctx); err != nil {
		fmt.Println(err)
		return
	}
	deposited := func(id string, amount int) events.Event {
		e, _ := events.New("urn:example:bank", id, "com.example.account.deposited.v1", time.Now(), map[string]int{"amount": amount})
		return e
	}

	_, _ = store.Append(ctx, "account-7", eventstore.NoStream, deposited("d1", 100))

	var acct account
	version, _ := store.Load(ctx, "account-7", &acct)
	fmt.Println("balance", acct.balance, "at version", version)

	_, err = store.Append(ctx, "account-7", version, deposited("d2", 50)) // wins
	fmt.Println("first writer:", err)
	_, err = store.Append(ctx, "account-7", version, deposited("d3", 70)) // loaded the same version
	fmt.Println("second writer:", err, errors.Is(err, eventstore.ErrConcurrency))
	// Output:
	// balance 100 at version 1
	// first writer: <nil>
	// second writer: eventstore: stream "account-7": expected version 1, found 2 true
}
