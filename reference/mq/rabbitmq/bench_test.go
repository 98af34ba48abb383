package rabbitmq

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/effects"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// BenchmarkPublishConfirmed compares confirmed publishing to a quorum queue
// with one broker round trip per message (each Publish waits for its
// confirm) against the asynchronous confirm window (PublishAsync, then wait
// for the receipts). Both use the same Publisher code and broker in one run.
func BenchmarkPublishConfirmed(b *testing.B) {
	url := testenv.AMQPURL(b)
	topo := Topology{Queue: mqtest.Name(b), RetryDelays: []time.Duration{}}
	declare(b, url, topo)
	conn := dial(b, url)
	body := make([]byte, 256)

	run := func(b *testing.B, publish func(ctx context.Context, p *Publisher, n int) error) {
		ctx := context.Background()
		p := NewPublisher(url, PublisherSettings{})
		defer p.Close(ctx)
		if err := p.Publish(ctx, Message{RoutingKey: topo.Queue}); err != nil { // connect outside the timer
			b.Fatal(err)
		}
		b.ResetTimer()
		if err := publish(ctx, p, b.N); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		purge(b, conn, topo.Queue)
	}

	b.Run("one-by-one", func(b *testing.B) {
		run(b, func(ctx context.Context, p *Publisher, n int) error {
			for range n {
				if err := p.Publish(ctx, Message{RoutingKey: topo.Queue, Body: body}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	b.Run("window-256", func(b *testing.B) {
		run(b, func(ctx context.Context, p *Publisher, n int) error {
			receipts := make([]*Receipt, 0, n)
			for range n {
				r, err := p.PublishAsync(ctx, Message{RoutingKey: topo.Queue, Body: body})
				if err != nil {
					return err
				}
				receipts = append(receipts, r)
			}
			for _, r := range receipts {
				if err := r.Wait(ctx); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// BenchmarkConsumeIdempotent measures consuming from a quorum queue with an
// idempotent handler that records the message key and writes one effect row
// in the same transaction, against the anchor "no-store": a handler that
// does nothing. "sqlite" and "postgres" call Store.Do from a Handler, one
// transaction per message; "sqlite-batch" and "postgres-batch" are
// NewTxConsumer, one group-commit transaction per batch of deliveries;
// "sqlite-bulk" and "postgres-bulk" are NewBulkTxConsumer, whose handler
// inserts a batch's effect rows in one statement. "sqlite-effect" and
// "postgres-effect" are the second anchor: a handler that writes the same
// effect row in its own statement, with no store (a redelivered message
// applies its effect again). All run 4 handlers with a prefetch of 128;
// messages are published before the timer starts.
func BenchmarkConsumeIdempotent(b *testing.B) {
	url := testenv.AMQPURL(b)
	for _, name := range []string{"no-store", "sqlite-effect", "postgres-effect", "sqlite", "postgres",
		"sqlite-batch", "postgres-batch", "sqlite-bulk", "postgres-bulk"} {
		b.Run(name, func(b *testing.B) { benchConsume(b, url, name, 4) })
	}
}

// BenchmarkGroupCommit runs the anchor and the PostgreSQL group-commit
// consumers of BenchmarkConsumeIdempotent with 1 handler (the consumers'
// default) and with 2: fewer concurrent transactions make bigger batches.
func BenchmarkGroupCommit(b *testing.B) {
	url := testenv.AMQPURL(b)
	for _, concurrency := range []int{1, 2} {
		for _, name := range []string{"no-store", "postgres-batch", "postgres-bulk"} {
			b.Run(fmt.Sprintf("concurrency=%d/%s", concurrency, name), func(b *testing.B) {
				benchConsume(b, url, name, concurrency)
			})
		}
	}
}

// benchConsume consumes b.N messages with the consumer that variant names
// ("no-store", or a database and a way of using it: "postgres-bulk").
func benchConsume(b *testing.B, url, variant string, concurrency int) {
	var st *idempotency.Store
	var insert string
	db, use, _ := strings.Cut(variant, "-")
	switch db {
	case "sqlite":
		var err error
		st, err = idempotency.OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "p.db"), idempotency.Settings{})
		if err != nil {
			b.Fatal(err)
		}
		insert = `INSERT INTO effects (key) VALUES (?)`
	case "postgres":
		var err error
		st, err = idempotency.OpenPostgres(context.Background(), mqtest.PostgresSchema(b), idempotency.Settings{})
		if err != nil {
			b.Fatal(err)
		}
		insert = `INSERT INTO effects (key) VALUES ($1)`
	}
	if st != nil {
		defer st.Close()
		if _, err := st.DB().Exec(`CREATE TABLE effects (key TEXT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
	}
	topo := Topology{Queue: mqtest.Name(b), RetryDelays: []time.Duration{}}
	declare(b, url, topo)
	ctx := context.Background()
	p := NewPublisher(url, PublisherSettings{})
	for range b.N {
		if _, err := p.PublishAsync(ctx, Message{RoutingKey: topo.Queue, Body: make([]byte, 256)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := p.Close(ctx); err != nil {
		b.Fatal(err)
	}

	var handled atomic.Int64
	all := make(chan struct{})
	s := ConsumerSettings{Concurrency: concurrency, Prefetch: 128, Observe: func(e mq.Event) {
		if e.Outcome == mq.Handled && handled.Add(1) == int64(b.N) {
			close(all)
		}
	}}
	effect := func(ctx context.Context, tx *sql.Tx, d Delivery) error {
		_, err := tx.ExecContext(ctx, insert, d.MessageID)
		return err
	}
	var c *Consumer
	switch {
	case st == nil:
		c = NewConsumer(url, topo, func(context.Context, Delivery) error { return nil }, s)
	case use == "effect":
		c = NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
			_, err := st.DB().ExecContext(ctx, insert, d.MessageID)
			return err
		}, s)
	case use == "batch":
		c = NewTxConsumer(url, topo, st, effect, s)
	case use == "bulk":
		c = NewBulkTxConsumer(url, topo, st, func(ctx context.Context, tx *sql.Tx, ds []Delivery) error {
			keys := make([]string, len(ds))
			for i, d := range ds {
				keys[i] = d.MessageID
			}
			return effects.InsertAll(ctx, tx, db == "sqlite", keys)
		}, s)
	default:
		c = NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
			_, err := st.Do(ctx, d.IdempotencyKey, func(ctx context.Context, tx *sql.Tx) error { return effect(ctx, tx, d) })
			return err
		}, s)
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	b.ResetTimer()
	go func() { done <- c.Run(cctx) }()
	<-all
	b.StopTimer()
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// purge empties queue between benchmark rounds.
func purge(b *testing.B, conn *amqp.Connection, queue string) {
	b.Helper()
	ch, err := conn.Channel()
	if err != nil {
		b.Fatal(err)
	}
	defer ch.Close()
	if _, err := ch.QueuePurge(queue, false); err != nil {
		b.Fatal(err)
	}
}
