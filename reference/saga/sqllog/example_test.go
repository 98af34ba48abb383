package sqllog_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/sqllog"
)

type Transfer struct {
	From, To string
	Amount   int
}

func Example() {
	dir, _ := os.MkdirTemp("", "sqllog")
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "saga.db")+
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	log := sqllog.New(db, sqllog.SQLite) // sqllog.Postgres on a "pgx" *sql.DB
	if err := log.CreateTables(ctx); err != nil {
		fmt.Println(err)
		return
	}

	step := func(name string) saga.Step[Transfer] {
		return saga.Step[Transfer]{
			Name: name,
			Action: func(ctx context.Context, key string, t Transfer) (Transfer, error) {
				fmt.Println(name, key)
				return t, nil
			},
		}
	}
	transfers, err := saga.New(saga.Definition[Transfer]{
		Name:  "transfer",
		Steps: []saga.Step[Transfer]{step("debit"), step("credit")},
	}, log, saga.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// On start, continue whatever a previous process left.
	if _, err := transfers.Recover(ctx); err != nil {
		fmt.Println(err)
		return
	}
	res, err := transfers.Run(ctx, "t-1", Transfer{From: "alice", To: "bob", Amount: 5})
	fmt.Println(res.Status, err)

	events, _ := log.Events(ctx, "t-1")
	for _, ev := range events {
		fmt.Println(strings.TrimSpace(fmt.Sprint(ev.Seq, " ", ev.Type, " ", ev.StepName)))
	}
	// Output:
	// debit t-1:debit
	// credit t-1:credit
	// completed <nil>
	// 1 created
	// 2 action-started debit
	// 3 action-done debit
	// 4 action-started credit
	// 5 action-done credit
	// 6 completed
}
