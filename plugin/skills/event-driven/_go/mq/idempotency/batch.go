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
	b := newBatch(items)
	if len(b.keys) == 0 {
		return b.results, nil
	}
	done, err := st.runBatch(ctx, b, false, nil)
	if err == nil && !done {
		b.reset()
		_, err = st.runBatch(ctx, b, true, nil)
	}
	if err != nil {
		return nil, err
	}
	return b.finish(), nil
}

// BulkFunc applies the effects of the items at the given indexes (into the
// keys given to Store.DoBulk) through tx, all at once: one multi-row
// statement rather than one per item.
type BulkFunc func(ctx context.Context, tx *sql.Tx, items []int) error

// DoBulk is group commit for a handler that applies many messages' effects
// at once. It records the new keys in one statement and calls fn once with
// the indexes of the items to apply (each new key once; duplicates, copies
// and empty keys left out), in one transaction with one commit. results[i]
// says what happened to keys[i], as with DoBatch.
//
// When fn fails, DoBulk rolls back and handles the batch as DoBatch does,
// calling fn with one item at a time, so that only the items that fail on
// their own fail (and the others are applied). Those items' effects are
// then attempted more than once, the earlier attempts rolled back.
func (st *Store) DoBulk(ctx context.Context, keys []string, fn BulkFunc) ([]Result, error) {
	var apply []int
	items := make([]Item, len(keys))
	for i, k := range keys {
		items[i] = Item{Key: k, Fn: func(context.Context, *sql.Tx) error {
			apply = append(apply, i)
			return nil
		}}
	}
	b := newBatch(items)
	if len(b.keys) == 0 {
		return b.results, nil
	}
	done, err := st.runBatch(ctx, b, false, func(ctx context.Context, tx *sql.Tx) error {
		if len(apply) == 0 {
			return nil // every item is a duplicate
		}
		return fn(ctx, tx, apply)
	})
	if err != nil {
		return nil, err
	}
	if done {
		return b.finish(), nil
	}
	for i := range items {
		items[i].Fn = func(ctx context.Context, tx *sql.Tx) error { return fn(ctx, tx, []int{i}) }
	}
	return st.DoBatch(ctx, items)
}

// batch is the bookkeeping of one group commit.
type batch struct {
	items   []Item
	results []Result
	owner   map[string]int // key -> index of its first item
	keys    []string       // the distinct keys, sorted
}

func newBatch(items []Item) *batch {
	b := &batch{items: items, results: make([]Result, len(items)), owner: map[string]int{}}
	for i, it := range items {
		switch _, seen := b.owner[it.Key]; {
		case it.Key == "":
			b.results[i].Err = ErrNoKey
		case !seen:
			b.owner[it.Key] = i
			b.keys = append(b.keys, it.Key)
		}
	}
	slices.Sort(b.keys)
	return b
}

// reset clears the results of a pass that was rolled back.
func (b *batch) reset() {
	clear(b.results)
	for i, it := range b.items {
		if it.Key == "" {
			b.results[i].Err = ErrNoKey
		}
	}
}

// finish returns the results of the committed batch. A later item with the
// key of a failed one failed with it: it is a copy of a message whose effect
// is not recorded.
func (b *batch) finish() []Result {
	for i, it := range b.items {
		if first, ok := b.owner[it.Key]; ok && first != i && b.results[first].Err != nil {
			b.results[i] = Result{Err: b.results[first].Err}
		}
	}
	return b.results
}

// runBatch runs the batch in one transaction and commits it, filling in
// results. Without savepoints it stops at the first Fn that fails (or a
// failing flush, which runs after every Fn), rolls everything back and
// reports done false; with them, each failed item is rolled back to its
// savepoint, key included, and the rest go on.
func (st *Store) runBatch(ctx context.Context, b *batch, savepoints bool, flush func(context.Context, *sql.Tx) error) (done bool, err error) {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("idempotency: begin: %w", err)
	}
	defer tx.Rollback() // no-op after Commit; also covers a panic in Fn

	fresh, err := st.insertKeys(ctx, tx, b.keys)
	if err != nil {
		return false, err
	}
	open := false // a savepoint named item is open
	for i, it := range b.items {
		first, ok := b.owner[it.Key]
		if !ok {
			continue // no key
		}
		if first != i || !fresh[it.Key] {
			b.results[i].Duplicate = true
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
		b.results[i].Err = fnErr
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT item`); err != nil {
			return false, fmt.Errorf("idempotency: roll back %q: %w", it.Key, err)
		}
		// The key went in before the savepoint: take it out again.
		if _, err := tx.ExecContext(ctx, st.forget, it.Key); err != nil {
			return false, fmt.Errorf("idempotency: forget %q: %w", it.Key, err)
		}
	}
	if flush != nil && flush(ctx, tx) != nil {
		return false, nil
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("idempotency: commit batch of %d: %w", len(b.items), err)
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
