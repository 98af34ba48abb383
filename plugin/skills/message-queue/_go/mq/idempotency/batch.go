package idempotency

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Item is one message's work in a group commit (Store.DoBatch): its key and
// the function that applies its effect through tx.
type Item struct {
	Key string
	Fn  func(ctx context.Context, tx *sql.Tx) error
}

// Result is the outcome of one Item of a committed batch.
type Result struct {
	// Duplicate is true when the key was already recorded (by an earlier
	// transaction, or by an earlier item of the same batch): Fn did not run.
	Duplicate bool
	// Err is Fn's error (or ErrNoKey); the item's effect and key were rolled
	// back to its savepoint, and the other items were not affected.
	Err error
}

// DoBatch is group commit: it handles items that arrived together in one
// transaction, with one commit (one fsync) for all of them instead of one
// each. It records all new keys in one statement, then runs each new item's
// Fn, in order. After the commit, results[i] says what happened to
// items[i]; acknowledge a message only then.
//
// An item whose Fn fails is rolled back, key included, and the others go
// on: DoBatch first runs the batch without savepoints (one round trip per
// item fewer), and when an Fn fails it rolls the whole transaction back and
// runs the batch again with a savepoint around each item. The items before
// the failed one then run twice, the first time rolled back: an Fn that
// also acts outside the database must tolerate that, as it tolerates a
// redelivered message.
//
// When the transaction itself fails (begin, the key insert, a savepoint or
// the commit), DoBatch returns that error and nothing of the batch is
// committed: retry every item. With PostgreSQL a deadlock with another
// instance's batch is such an error; keys are inserted in sorted order,
// which keeps deadlocks rare.
//
// Each Fn must do all its database work through tx and must not commit or
// roll it back. A slow Fn delays the whole batch.
func (st *Store) DoBatch(ctx context.Context, items []Item) ([]Result, error) {
	results := make([]Result, len(items))
	owner := map[string]int{} // key -> index of its first item
	var keys []string
	for i, it := range items {
		switch _, seen := owner[it.Key]; {
		case it.Key == "":
			results[i].Err = ErrNoKey
		case !seen:
			owner[it.Key] = i
			keys = append(keys, it.Key)
		}
	}
	if len(keys) == 0 {
		return results, nil
	}
	slices.Sort(keys)

	done, err := st.runBatch(ctx, items, owner, keys, results, false)
	if err == nil && !done {
		clear(results)
		for i, it := range items {
			if it.Key == "" {
				results[i].Err = ErrNoKey
			}
		}
		_, err = st.runBatch(ctx, items, owner, keys, results, true)
	}
	if err != nil {
		return nil, err
	}
	// A later item with the key of a failed one failed with it: it is a
	// copy of a message whose effect is not recorded.
	for i, it := range items {
		if first, ok := owner[it.Key]; ok && first != i && results[first].Err != nil {
			results[i] = Result{Err: results[first].Err}
		}
	}
	return results, nil
}

// runBatch runs the batch in one transaction and commits it, filling in
// results. Without savepoints it stops at the first Fn that fails, rolls
// everything back and reports done false; with them, each failed item is
// rolled back to its savepoint, key included, and the rest go on.
func (st *Store) runBatch(ctx context.Context, items []Item, owner map[string]int, keys []string, results []Result, savepoints bool) (done bool, err error) {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("idempotency: begin: %w", err)
	}
	defer tx.Rollback() // no-op after Commit; also covers a panic in Fn

	fresh, err := st.insertKeys(ctx, tx, keys)
	if err != nil {
		return false, err
	}
	open := false // a savepoint named item is open
	for i, it := range items {
		first, ok := owner[it.Key]
		if !ok {
			continue // no key
		}
		if first != i || !fresh[it.Key] {
			results[i].Duplicate = true
			continue
		}
		if savepoints {
			// One round trip opens the item's savepoint and releases the last.
			stmt := `SAVEPOINT item`
			if open {
				stmt = `RELEASE SAVEPOINT item; SAVEPOINT item`
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return false, fmt.Errorf("idempotency: savepoint: %w", err)
			}
			open = true
		}
		fnErr := it.Fn(ctx, tx)
		if fnErr == nil {
			continue
		}
		if !savepoints {
			return false, nil // the deferred rollback undoes the batch
		}
		results[i].Err = fnErr
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT item`); err != nil {
			return false, fmt.Errorf("idempotency: roll back %q: %w", it.Key, err)
		}
		// The key went in before the savepoint: take it out again.
		if _, err := tx.ExecContext(ctx, st.forget, it.Key); err != nil {
			return false, fmt.Errorf("idempotency: forget %q: %w", it.Key, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("idempotency: commit batch of %d: %w", len(items), err)
	}
	return true, nil
}

// insertKeys inserts keys (sorted, distinct) in one statement and returns
// the ones that were new.
func (st *Store) insertKeys(ctx context.Context, tx *sql.Tx, keys []string) (map[string]bool, error) {
	var q strings.Builder
	q.WriteString(`INSERT INTO ` + st.s.Table + ` (key, processed_at) VALUES `)
	args := make([]any, 0, len(keys)+1)
	args = append(args, st.timestamp(st.s.Now()))
	for i, k := range keys {
		if i > 0 {
			q.WriteString(", ")
		}
		args = append(args, k)
		n := strconv.Itoa(i + 2) // the timestamp is parameter 1
		if st.dialect == SQLite {
			q.WriteString(`(?` + n + `, ?1)`)
		} else {
			q.WriteString(`($` + n + `, $1)`)
		}
	}
	q.WriteString(` ON CONFLICT (key) DO NOTHING RETURNING key`)
	rows, err := tx.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("idempotency: record %d keys: %w", len(keys), err)
	}
	defer rows.Close()
	fresh := make(map[string]bool, len(keys))
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("idempotency: record keys: %w", err)
		}
		fresh[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("idempotency: record keys: %w", err)
	}
	return fresh, nil
}
