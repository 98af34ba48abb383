package barrier_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite"

	"github.com/skillcheck-dev/skillcheck/reference/saga/barrier"
)

// A stock service guards its reserve and release handlers with the barrier,
// so that duplicates, a release without a reservation, and a reservation
// arriving after its release do no harm.
func Example() {
	dir, _ := os.MkdirTemp("", "barrier")
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "stock.db")+"?_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	_ = barrier.CreateTable(ctx, db)
	_, _ = db.Exec(`CREATE TABLE stock (item TEXT PRIMARY KEY, reserved INTEGER NOT NULL)`)
	_, _ = db.Exec(`INSERT INTO stock VALUES ('book', 0)`)

	reserve := func(key string) error {
		return barrier.Run(ctx, db, key, barrier.Action, func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE stock SET reserved = reserved + 1 WHERE item = 'book'`)
			return err
		})
	}
	release := func(key string) error {
		return barrier.Run(ctx, db, key, barrier.Compensation, func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE stock SET reserved = reserved - 1 WHERE item = 'book'`)
			return err
		})
	}
	reserved := func() (n int) {
		_ = db.QueryRow(`SELECT reserved FROM stock`).Scan(&n)
		return n
	}

	fmt.Println(reserve("o-1:reserve"), reserve("o-1:reserve"), reserved()) // a retry after a timeout
	fmt.Println(release("o-1:reserve"), release("o-1:reserve"), reserved())

	fmt.Println(release("o-2:reserve"), reserved()) // the reservation was lost on the way
	err = reserve("o-2:reserve")                    // and arrives late
	fmt.Println(errors.Is(err, barrier.ErrCompensated), reserved())
	// Output:
	// <nil> <nil> 1
	// <nil> <nil> 0
	// <nil> 0
	// true 0
}
