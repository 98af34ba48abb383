package kafka

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/effects"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// BenchmarkPublish compares this package's Producer (PublishAsync, then
// every Receipt waited for) with franz-go's own loop (Produce with a
// promise, then Flush) in the same run, on the same in-process cluster.
// "franz-go-id" is that loop with the one header the Producer adds (a new
// message ID per record): the share of the gap that the record's content,
// not the wrapper's work, accounts for. All send 256-byte messages with
// acks=all and the idempotent producer, all to one topic of 6 partitions. Each runs twice: against the cluster in the
// process, where the client's CPU time is all there is, and with every
// answer held back 1 ms (mqtest.LatencyDialer), as from a broker on the
// same network.
func BenchmarkPublish(b *testing.B) {
	brokers, _ := mqtest.Kafka(b)
	topo := Topology{Topic: mqtest.Name(b), RetryDelays: []time.Duration{}}
	declare(b, brokers, topo)
	ctx := context.Background()

	for _, rtt := range []time.Duration{0, time.Millisecond} {
		opts := []kgo.Opt{}
		if rtt > 0 {
			opts = append(opts, kgo.Dialer(mqtest.LatencyDialer(rtt)))
		}
		for _, withID := range []bool{false, true} {
			name := "franz-go"
			if withID {
				name = "franz-go-id"
			}
			b.Run(fmt.Sprintf("%s/rtt=%v", name, rtt), func(b *testing.B) {
				cl := plainClient(b, brokers, opts...)
				b.ResetTimer()
				produceLoop(b, cl, topo.Topic, withID)
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
			})
		}
		b.Run(fmt.Sprintf("producer/rtt=%v", rtt), func(b *testing.B) {
			p, err := NewProducer(brokers, ProducerSettings{Options: opts})
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close(ctx)
			b.ResetTimer()
			publishLoop(b, p, topo.Topic)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkPublishAlternating measures what BenchmarkPublish does, the
// Producer against franz-go's own loop, in a form that a shared machine's
// drift does not swamp: ten rounds of b.N messages for each, in turn (the
// order swapped every round), each round's time summed per client. It
// reports both rates over all rounds and their ratio. In-process, with
// acks=all and the idempotent producer, 256-byte records to one topic of 6
// partitions, as BenchmarkPublish.
func BenchmarkPublishAlternating(b *testing.B) {
	brokers, _ := mqtest.Kafka(b)
	topo := Topology{Topic: mqtest.Name(b), RetryDelays: []time.Duration{}}
	declare(b, brokers, topo)
	cl := plainClient(b, brokers)
	p, err := NewProducer(brokers, ProducerSettings{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close(context.Background())
	timed := func(f func()) time.Duration {
		start := time.Now()
		f()
		return time.Since(start)
	}
	franz := func() { produceLoop(b, cl, topo.Topic, false) }
	producer := func() { publishLoop(b, p, topo.Topic) }
	var franzTime, producerTime time.Duration
	b.ResetTimer()
	for round := range 10 {
		if round%2 == 0 {
			franzTime += timed(franz)
			producerTime += timed(producer)
		} else {
			producerTime += timed(producer)
			franzTime += timed(franz)
		}
	}
	franzRate := float64(10*b.N) / franzTime.Seconds()
	producerRate := float64(10*b.N) / producerTime.Seconds()
	b.ReportMetric(franzRate, "franz-go-msgs/s")
	b.ReportMetric(producerRate, "producer-msgs/s")
	b.ReportMetric(producerRate/franzRate, "producer/franz-go")
}

// plainClient returns franz-go's client with acks=all and its idempotent
// producer, as the Producer sets them, closed when the benchmark ends.
func plainClient(b *testing.B, brokers []string, opts ...kgo.Opt) *kgo.Client {
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.RequiredAcks(kgo.AllISRAcks())}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(cl.Close)
	return cl
}

// benchBody is the value of every benchmark message: 256 bytes.
var benchBody = make([]byte, 256)

// produceLoop sends b.N records through franz-go's own loop (Produce with a
// promise, then Flush), each with a new message-ID header when withID is
// set, and fails the benchmark if one was not acknowledged.
func produceLoop(b *testing.B, cl *kgo.Client, topic string, withID bool) {
	ctx := context.Background()
	var failed atomic.Int64
	for i := range b.N {
		r := &kgo.Record{Topic: topic, Key: fmt.Append(nil, i%64), Value: benchBody}
		if withID {
			r.Headers = []kgo.RecordHeader{{Key: mq.HeaderMessageID, Value: []byte(NewID())}}
		}
		cl.Produce(ctx, r, func(_ *kgo.Record, err error) {
			if err != nil {
				failed.Add(1)
			}
		})
	}
	if err := cl.Flush(ctx); err != nil || failed.Load() > 0 {
		b.Fatal(err, failed.Load())
	}
}

// publishLoop sends b.N messages with the Producer (PublishAsync, then
// every Receipt waited for) and fails the benchmark if one was not
// acknowledged.
func publishLoop(b *testing.B, p *Producer, topic string) {
	ctx := context.Background()
	receipts := make([]*Receipt, 0, b.N)
	for i := range b.N {
		r, err := p.PublishAsync(ctx, Message{Topic: topic, Key: fmt.Append(nil, i%64), Body: benchBody})
		if err != nil {
			b.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	for _, r := range receipts {
		if err := r.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConsumeIdempotent times consuming b.N messages (produced before
// the timer starts) with a handler that does nothing ("no-store", the
// anchor) against the group-commit consumer on PostgreSQL ("postgres"),
// which records each key and inserts one effect row in one transaction per
// partition batch; "postgres-bulk" is NewBulkTxConsumer, whose handler
// inserts a batch's effect rows in one statement. "postgres-effect", the
// second anchor, inserts the same effect row in its own statement with no
// store (a redelivered message applies its effect again). Same cluster,
// same run.
func BenchmarkConsumeIdempotent(b *testing.B) {
	brokers, _ := mqtest.Kafka(b)
	for _, name := range []string{"no-store", "postgres-effect", "postgres", "postgres-bulk"} {
		b.Run(name, func(b *testing.B) {
			topo := Topology{Topic: mqtest.Name(b), RetryDelays: []time.Duration{}}
			declare(b, brokers, topo)
			msgs := make([]Message, b.N)
			for i := range msgs {
				msgs[i] = Message{Topic: topo.Topic, Key: fmt.Append(nil, i%64), Body: make([]byte, 256)}
			}
			publishAll(b, brokers, msgs...)
			var handled atomic.Int64
			all := make(chan struct{})
			count := func() {
				if handled.Add(1) == int64(b.N) {
					close(all)
				}
			}
			var c *Consumer
			s := ConsumerSettings{Concurrency: 6}
			switch name {
			case "no-store":
				c = NewConsumer(brokers, mqtest.Name(b), topo, func(context.Context, Delivery) error { count(); return nil }, s)
			case "postgres-effect":
				db := effects.Store(b, mqtest.PostgresSchema(b)).DB()
				c = NewConsumer(brokers, mqtest.Name(b), topo, func(ctx context.Context, d Delivery) error {
					if _, err := db.ExecContext(ctx, `INSERT INTO effects (key) VALUES ($1)`, d.MessageID); err != nil {
						return err
					}
					count()
					return nil
				}, s)
			case "postgres-bulk":
				st := effects.Store(b, mqtest.PostgresSchema(b))
				c = NewBulkTxConsumer(brokers, mqtest.Name(b), topo, st, func(ctx context.Context, tx *sql.Tx, ds []Delivery) error {
					keys := make([]string, len(ds))
					for i, d := range ds {
						keys[i] = d.MessageID
					}
					if err := effects.InsertAll(ctx, tx, false, keys); err != nil {
						return err
					}
					for range ds {
						count()
					}
					return nil
				}, s)
			default:
				st := effects.Store(b, mqtest.PostgresSchema(b))
				c = NewTxConsumer(brokers, mqtest.Name(b), topo, st, func(ctx context.Context, tx *sql.Tx, d Delivery) error {
					if err := insertEffect(ctx, tx, d); err != nil {
						return err
					}
					count()
					return nil
				}, s)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			b.ResetTimer()
			go func() { done <- c.Run(ctx) }()
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
