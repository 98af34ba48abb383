package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
)

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"-db", "x"}, {"-db", "x", "nope"}, {"-db", "x", "replay"}} {
		if err := run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{}); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v", args, err)
		}
	}
}

// rejectE1 takes every event but e1.
type rejectE1 struct{}

func (rejectE1) Publish(_ context.Context, e events.Event) error {
	if e.ID == "e1" {
		return errors.New("rejected")
	}
	return nil
}

// A parked row is listed, and replay puts it back into the outbox.
func TestListAndReplay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "svc.db")
	db, err := sqldb.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	box, _ := outbox.New(db, sqldb.SQLite, outbox.Settings{MaxAttempts: 1})
	if err := box.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"e1", "e2"} {
		e, _ := events.New("urn:test:shop", id, "com.example.shop.sold.v1", time.Now(), map[string]int{"n": 1})
		if err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error { return box.Add(ctx, tx, e) }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := box.Relay(rejectE1{}).RelayOnce(ctx); !errors.Is(err, outbox.ErrParked) {
		t.Fatalf("RelayOnce: %v", err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"-db", path, "list"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "e1") || !strings.Contains(out.String(), "rejected") {
		t.Fatalf("list printed:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"-db", path, "replay", "-all"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if n, _ := box.Pending(ctx); n != 1 || !strings.Contains(out.String(), "replayed 1 of 1") {
		t.Fatalf("after replay: %d pending, output %q", n, out.String())
	}
}
