package rabbitmq

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
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
// NewTxConsumer, one group-commit transaction per batch of deliveries.
// "sqlite-effect" and "postgres-effect" are the second anchor: a handler
// that writes the same effect row in its own statement, with no store (a
// redelivered message applies its effect again). Messages are published
// before the timer starts.
func BenchmarkConsumeIdempotent(b *testing.B) {
	url := testenv.AMQPURL(b)
	openSQLite := func(b *testing.B) (*idempotency.Store, string) {
		st, err := idempotency.OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "p.db"), idempotency.Settings{})
		if err != nil {
			b.Fatal(err)
		}
		return st, `INSERT INTO effects (key) VALUES (?)`
	}
	openPostgres := func(b *testing.B) (*idempotency.Store, string) {
		st, err := idempotency.OpenPostgres(context.Background(), mqtest.PostgresSchema(b), idempotency.Settings{})
		if err != nil {
			b.Fatal(err)
		}
		return st, `INSERT INTO effects (key) VALUES ($1)`
	}
	for _, v := range []struct {
		name              string
		open              func(*testing.B) (*idempotency.Store, string)
		batch, effectOnly bool
	}{
		{"no-store", nil, false, false},
		{"sqlite-effect", openSQLite, false, true},
		{"postgres-effect", openPostgres, false, true},
		{"sqlite", openSQLite, false, false},
		{"postgres", openPostgres, false, false},
		{"sqlite-batch", openSQLite, true, false},
		{"postgres-batch", openPostgres, true, false},
	} {
		b.Run(v.name, func(b *testing.B) {
			var st *idempotency.Store
			var insert string
			if v.open != nil {
				st, insert = v.open(b)
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
			s := ConsumerSettings{Concurrency: 4, Prefetch: 128, Observe: func(e mq.Event) {
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
			case v.effectOnly:
				c = NewConsumer(url, topo, func(ctx context.Context, d Delivery) error {
					_, err := st.DB().ExecContext(ctx, insert, d.MessageID)
					return err
				}, s)
			case v.batch:
				c = NewTxConsumer(url, topo, st, effect, s)
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
		})
	}
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
