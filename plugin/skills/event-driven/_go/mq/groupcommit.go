package mq

import (
	"context"
	"database/sql"

	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
)

// GroupCommit handles the deliveries ds in one group-commit transaction of
// store, as the brokers' transactional consumers do. With bulk set, the
// deliveries whose keys are new go to bulk all at once
// (idempotency.Store.DoBulk); otherwise each goes to one in turn
// (Store.DoBatch). key returns a delivery's idempotency key. A handler's
// panic counts as its error (Call). results[i] is the outcome of ds[i].
func GroupCommit[D any](ctx context.Context, store *idempotency.Store, ds []D, key func(*D) string,
	one func(context.Context, *sql.Tx, D) error, bulk func(context.Context, *sql.Tx, []D) error) ([]idempotency.Result, error) {
	if bulk != nil {
		keys := make([]string, len(ds))
		for i := range ds {
			keys[i] = key(&ds[i])
		}
		return store.DoBulk(ctx, keys, func(ctx context.Context, tx *sql.Tx, idx []int) error {
			apply := make([]D, len(idx))
			for j, i := range idx {
				apply[j] = ds[i]
			}
			return Call(func() error { return bulk(ctx, tx, apply) })
		})
	}
	items := make([]idempotency.Item, len(ds))
	for i := range ds {
		d := &ds[i]
		items[i] = idempotency.Item{Key: key(d), Fn: func(ctx context.Context, tx *sql.Tx) error {
			return Call(func() error { return one(ctx, tx, *d) })
		}}
	}
	return store.DoBatch(ctx, items)
}
