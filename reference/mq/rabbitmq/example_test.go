package rabbitmq_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

// A Topology names the queues it declares and bounds the attempts.
func ExampleTopology() {
	topo := rabbitmq.Topology{
		Queue:       "orders",
		RetryDelays: []time.Duration{5 * time.Second, 30 * time.Second, 5 * time.Minute},
	}
	fmt.Println(topo.MaxAttempts())
	fmt.Println(topo.RetryQueue(1), topo.RetryQueue(3))
	fmt.Println(topo.DeadLetterExchange(), topo.DeadLetterQueue())
	// Output:
	// 4
	// orders.retry.1 orders.retry.3
	// orders.dlx orders.dlq
}

// Publish a batch through the confirm window and check every outcome.
func ExamplePublisher() {
	ctx := context.Background()
	pub := rabbitmq.NewPublisher("amqp://guest:guest@127.0.0.1:5672/", rabbitmq.PublisherSettings{})
	defer func() {
		closeCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := pub.Close(closeCtx); err != nil {
			log.Print(err)
		}
	}()

	var receipts []*rabbitmq.Receipt
	for i := range 1000 {
		r, err := pub.PublishAsync(ctx, rabbitmq.Message{
			RoutingKey:  "orders",
			ID:          fmt.Sprintf("order-%d", i), // stable: a re-sent order is recognised
			ContentType: "application/json",
			Body:        fmt.Appendf(nil, `{"order":%d}`, i),
		})
		if err != nil {
			log.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	for _, r := range receipts {
		if err := r.Wait(ctx); errors.Is(err, rabbitmq.ErrUnroutable) {
			log.Printf("%s: no queue is bound for it", r.MessageID())
		} else if err != nil {
			log.Printf("%s: %v", r.MessageID(), err)
		}
	}
}

// Consume with an idempotent handler: the message's key and the handler's
// effect commit in one transaction, so redeliveries change nothing.
func ExampleConsumer() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	url := "amqp://guest:guest@127.0.0.1:5672/"

	store, err := idempotency.OpenSQLite(ctx, "orders.db", idempotency.Settings{})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	topo := rabbitmq.Topology{Queue: "orders"} // retries after 1s, 10s, 1m, 10m
	handle := func(ctx context.Context, d rabbitmq.Delivery) error {
		_, err := store.Do(ctx, d.IdempotencyKey, func(ctx context.Context, tx *sql.Tx) error {
			if len(d.Body) == 0 {
				return mq.Poison(errors.New("empty order"))
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO orders (id, body) VALUES (?, ?)`, d.MessageID, d.Body)
			return err
		})
		return err
	}
	c := rabbitmq.NewConsumer(url, topo, handle, rabbitmq.ConsumerSettings{Concurrency: 8, Prefetch: 64})
	if err := c.Run(ctx); err != nil { // returns after Ctrl-C and a graceful drain
		log.Fatal(err)
	}
}

// Consume with group commit: the deliveries that arrived together commit in
// one transaction, each with its key, and are acknowledged
// after the commit. One fsync then covers up to MaxBatch messages.
func ExampleNewTxConsumer() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	store, err := idempotency.OpenPostgres(ctx, "postgres://127.0.0.1:5432/orders", idempotency.Settings{})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	handle := func(ctx context.Context, tx *sql.Tx, d rabbitmq.Delivery) error {
		if len(d.Body) == 0 {
			return mq.Poison(errors.New("empty order")) // rolls back this message only
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO orders (id, body) VALUES ($1, $2)`, d.MessageID, d.Body)
		return err
	}
	c := rabbitmq.NewTxConsumer("amqp://guest:guest@127.0.0.1:5672/", rabbitmq.Topology{Queue: "orders"}, store, handle,
		rabbitmq.ConsumerSettings{Concurrency: 4})
	if err := c.Run(ctx); err != nil {
		log.Fatal(err)
	}
}

// Consume with group commit and one write per batch: the handler gets the
// deliveries whose keys are new and inserts them in one statement. If it
// fails (one malformed order), the batch runs again one delivery at a time,
// so that only the malformed one is retried and dead-lettered.
func ExampleNewBulkTxConsumer() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	store, err := idempotency.OpenPostgres(ctx, "postgres://127.0.0.1:5432/orders", idempotency.Settings{})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	handle := func(ctx context.Context, tx *sql.Tx, ds []rabbitmq.Delivery) error {
		ids, bodies := make([]string, len(ds)), make([]string, len(ds))
		for i, d := range ds {
			if len(d.Body) == 0 {
				return mq.Poison(errors.New("empty order"))
			}
			ids[i], bodies[i] = d.MessageID, string(d.Body)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO orders (id, body) SELECT * FROM unnest($1::text[], $2::text[])`, ids, bodies)
		return err
	}
	c := rabbitmq.NewBulkTxConsumer("amqp://guest:guest@127.0.0.1:5672/", rabbitmq.Topology{Queue: "orders"}, store, handle,
		rabbitmq.ConsumerSettings{})
	if err := c.Run(ctx); err != nil {
		log.Fatal(err)
	}
}

// Replay dead letters whose last error was a timeout, once the cause is fixed.
func ExampleReplayDeadLetters() {
	ctx := context.Background()
	url := "amqp://guest:guest@127.0.0.1:5672/"
	conn, err := rabbitmq.Dial(ctx, url, "replay")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	pub := rabbitmq.NewPublisher(url, rabbitmq.PublisherSettings{})
	defer pub.Close(ctx)

	n, err := rabbitmq.ReplayDeadLetters(ctx, conn, pub, rabbitmq.Topology{Queue: "orders"}, rabbitmq.ReplayOptions{
		Filter: func(dl rabbitmq.DeadLetter) bool { return dl.Reason == mq.ReasonExhausted },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("replayed", n)
}
