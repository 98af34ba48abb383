// Command outboxctl lists and replays the rows an outbox relay parked
// (reference/events/outbox): events it could not publish after
// Settings.MaxAttempts attempts.
//
// Usage:
//
//	outboxctl -db URL-OR-PATH [-table NAME] list [-limit N]
//	outboxctl -db URL-OR-PATH [-table NAME] replay -all | ID...
//
// -db is a postgres:// URL or the path of a SQLite file; it defaults to
// $DATABASE_URL. list prints the parked rows with their attempts and the last
// publish error. replay moves parked rows back into the outbox, where the
// relays publish them again: fix what made them fail first.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "outboxctl:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: outboxctl -db URL-OR-PATH [-table NAME] list [-limit N] | replay (-all | ID ...)")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	global := flag.NewFlagSet("outboxctl", flag.ContinueOnError)
	global.SetOutput(stderr)
	dsn := global.String("db", os.Getenv("DATABASE_URL"), "postgres:// URL or SQLite file path")
	table := global.String("table", outbox.DefaultTable, "outbox table")
	if err := global.Parse(args); err != nil || *dsn == "" || global.NArg() == 0 {
		return errUsage
	}
	cmd := flag.NewFlagSet(global.Arg(0), flag.ContinueOnError)
	cmd.SetOutput(stderr)
	limit := cmd.Int("limit", 0, "list: most rows to print (0: all)")
	all := cmd.Bool("all", false, "replay: every parked row")
	if err := cmd.Parse(global.Args()[1:]); err != nil {
		return errUsage
	}
	db, dialect, err := open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	box, err := outbox.New(db, dialect, outbox.Settings{Table: *table})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	switch global.Arg(0) {
	case "list":
		if cmd.NArg() > 0 {
			return errUsage
		}
		rows, err := box.Parked(ctx, *limit)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tPARKED AT\tATTEMPTS\tTYPE\tSOURCE\tEVENT ID\tREASON")
		for _, r := range rows {
			fmt.Fprintf(w, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", r.ID, r.ParkedAt.Format(time.RFC3339), r.Attempts,
				r.Event.Type, r.Event.Source, r.Event.ID, strings.ReplaceAll(r.Reason, "\n", " "))
		}
		return w.Flush()
	case "replay":
		var ids []int64
		if *all {
			if cmd.NArg() > 0 {
				return errUsage
			}
			rows, err := box.Parked(ctx, 0)
			if err != nil {
				return err
			}
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
		} else {
			if cmd.NArg() == 0 {
				return errUsage
			}
			for _, a := range cmd.Args() {
				id, err := strconv.ParseInt(a, 10, 64)
				if err != nil {
					return fmt.Errorf("%w: %q is not a row id", errUsage, a)
				}
				ids = append(ids, id)
			}
		}
		n, err := box.ReplayParked(ctx, ids...)
		fmt.Fprintf(stdout, "replayed %d of %d rows\n", n, len(ids))
		return err
	}
	return errUsage
}

// open opens a PostgreSQL URL or a SQLite file.
func open(dsn string) (*sql.DB, *sqldb.Dialect, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err := sqldb.OpenPostgres(dsn)
		return db, sqldb.Postgres, err
	}
	db, err := sqldb.OpenSQLite(dsn)
	return db, sqldb.SQLite, err
}
