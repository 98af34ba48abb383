package outbox_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

// printer stands in for a broker publisher such as natsbus.Publisher.
type printer struct{}

func (printer) Publish(_ context.Context, e events.Event) error {
	fmt.Println("published", e.Type, e.ID)
	return nil
}

// The state change and its event commit in one transaction; the relay
// publishes the event afterwards, at least once.
func Example() {
	dir, _ := os.MkdirTemp("", "outbox")
	defer os.RemoveAll(dir)
	db, err := sqldb.OpenSQLite(filepath.Join(dir, "shop.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	box, _ := outbox.New(db, sqldb.SQLite, outbox.Settings{})
	_ = box.CreateTable(ctx)
	_, _ = db.ExecContext(ctx, "CREATE TABLE orders (id TEXT PRIMARY KEY, total_cents INTEGER)")

	e, _ := events.New("urn:example:orders", "order-1-created", "com.example.order.placed.v1", time.Now(),
		map[string]any{"order_id": "order-1", "total_cents": 1250})
	err = sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO orders VALUES ($1, $2)", "order-1", 1250); err != nil {
			return err
		}
		return box.Add(ctx, tx, e)
	})
	fmt.Println("committed:", err)

	n, err := box.Relay(printer{}).RelayOnce(ctx) // in production: go relay.Run(ctx)
	fmt.Println(n, err)
	// Output:
	// committed: <nil>
	// published com.example.order.placed.v1 order-1-created
	// 1 <nil>
}
