package bus_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/amqpbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/dbtest"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/events/outbox"
	"github.com/skillcheck-dev/skillcheck/reference/events/sqldb"
	"github.com/skillcheck-dev/skillcheck/reference/internal/faultproxy"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

// The relay of the fault runs is a process of its own: the test binary run
// again with these variables set, which TestMain sees.
const (
	envRelay     = "EVENTS_FAULT_RELAY"      // "nats" or "rabbitmq"
	envRelayDB   = "EVENTS_FAULT_RELAY_DB"   // the outbox's PostgreSQL URL
	envRelayURL  = "EVENTS_FAULT_RELAY_URL"  // the broker, through the proxy
	envRelayName = "EVENTS_FAULT_RELAY_NAME" // the stream or exchange
)

func TestMain(m *testing.M) {
	if tr := os.Getenv(envRelay); tr != "" {
		if err := runRelay(tr, os.Getenv(envRelayDB), os.Getenv(envRelayURL), os.Getenv(envRelayName)); err != nil {
			fmt.Fprintln(os.Stderr, "relay:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// faultSettings are the outbox settings of the fault runs: short leases, so
// that a killed relay's rows come back within seconds, and a poison row
// parked after five attempts.
var faultSettings = outbox.Settings{
	BatchSize: 100, Lease: 2 * time.Second, PollInterval: 20 * time.Millisecond,
	PublishTimeout: 500 * time.Millisecond, MaxAttempts: 5, MaxRetryDelay: 200 * time.Millisecond,
}

// faultPublisher returns the publisher a relay process uses on broker URL.
func faultPublisher(tr, brokerURL, name string) (bus.Publisher, func(), error) {
	reg, err := orders.Registry()
	if err != nil {
		return nil, nil, err
	}
	switch tr {
	case "nats":
		// The proxy may cut the very first connection too: retry it as
		// any later one.
		nc, err := nats.Connect(brokerURL, nats.MaxReconnects(-1), nats.ReconnectWait(10*time.Millisecond), nats.ReconnectJitter(0, 0),
			nats.RetryOnFailedConnect(true), nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}))
		if err != nil {
			return nil, nil, err
		}
		js, err := jetstream.New(nc)
		if err != nil {
			return nil, nil, err
		}
		return natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: name, Registry: reg, Timeout: 400 * time.Millisecond}), nc.Close, nil
	default:
		p := rabbitmq.NewPublisher(brokerURL, rabbitmq.PublisherSettings{Name: "fault-relay", Backoff: mq.Exponential(10*time.Millisecond, 200*time.Millisecond)})
		return amqpbus.NewPublisher(p, amqpbus.PublisherSettings{Exchange: name, Registry: reg, Timeout: 400 * time.Millisecond}),
			func() { _ = p.Close(context.Background()) }, nil
	}
}

// runRelay is the relay process: four relays on the outbox until killed
// (or, should the test that started it be gone, for five minutes at most).
func runRelay(tr, dbURL, brokerURL, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	db, err := sqldb.OpenPostgres(dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	box, err := outbox.New(db, sqldb.Postgres, faultSettings)
	if err != nil {
		return err
	}
	pub, closePub, err := faultPublisher(tr, brokerURL, name)
	if err != nil {
		return err
	}
	defer closePub()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { _ = box.Relay(pub).Run(ctx) })
	}
	wg.Wait()
	return nil
}

// faultBroker is what a fault run needs of one broker.
type faultBroker struct {
	name string
	// raw is the broker's URL; setup creates the stream or exchange name
	// and returns the subscriber of the "billing" service on the broker at
	// viaProxy.
	raw   func(t testing.TB) string
	setup func(t *testing.T, name, viaProxy string) bus.Subscriber
}

var faultBrokers = []faultBroker{
	{"nats", testenv.NATSURL, func(t *testing.T, name, viaProxy string) bus.Subscriber {
		nc, err := nats.Connect(testenv.NATSURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		js, _ := jetstream.New(nc)
		ctx := context.Background()
		if _, err := natsbus.EnsureStream(ctx, js, name, name, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = js.DeleteStream(ctx, name)
			_ = js.DeleteStream(ctx, natsbus.DeadLetterStream(name))
		})
		pnc, err := nats.Connect(viaProxy, nats.MaxReconnects(-1), nats.ReconnectWait(10*time.Millisecond), nats.ReconnectJitter(0, 0),
			nats.RetryOnFailedConnect(true), nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pnc.Close)
		pjs, _ := jetstream.New(pnc)
		reg, _ := orders.Registry()
		return natsbus.NewSubscriber(pjs, natsbus.SubscriberSettings{Stream: name, Durable: "billing", Prefix: name,
			Filter: billingFilter, Registry: reg, Concurrency: 8, AckWait: 2 * time.Second})
	}},
	{"rabbitmq", testenv.AMQPURL, func(t *testing.T, name, viaProxy string) bus.Subscriber {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := rabbitmq.Dial(ctx, testenv.AMQPURL(t), t.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := amqpbus.DeclareExchange(ctx, conn, name); err != nil {
			t.Fatal(err)
		}
		reg, _ := orders.Registry()
		sub := amqpbus.NewSubscriber(amqpbus.SubscriberSettings{URL: viaProxy, Exchange: name, Queue: name + ".billing",
			Filter: billingFilter, Registry: reg, Concurrency: 8})
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = sub.Topology().Delete(ctx, conn)
			if ch, err := conn.Channel(); err == nil {
				_ = ch.ExchangeDelete(name, false, false)
				_ = ch.ExchangeDelete(name+".unrouted", false, false)
				_, _ = ch.QueueDelete(amqpbus.UnroutedQueue(name), false, false, false)
			}
			_ = conn.Close()
		})
		return sub
	}},
}

// TestFaultOutboxToNATSThroughCutsAndKills and its RabbitMQ twin publish
// 10,000 events through the outbox while a proxy cuts every connection to
// the broker (the relay's and the subscriber's) every 300 ms and the relay
// process (this test binary, run again by TestMain) is killed with SIGKILL
// and started again twice. A poison row sits in front of the events. Every
// event must be delivered at least once and handled exactly once (the
// inbox), none lost, none stuck behind the poison row, which is parked.
func TestFaultOutboxToNATSThroughCutsAndKills(t *testing.T) { faultRun(t, faultBrokers[0]) }

// TestFaultOutboxToRabbitMQThroughCutsAndKills is the same run on RabbitMQ.
func TestFaultOutboxToRabbitMQThroughCutsAndKills(t *testing.T) { faultRun(t, faultBrokers[1]) }

func faultRun(t *testing.T, fb faultBroker) {
	testenv.FaultRun(t)
	const total = 10_000
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute) // a backstop; the loop below judges progress
	defer cancel()
	raw := fb.raw(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.Start(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	viaProxy, _ := proxy.URL(raw)
	name := randomName()
	sub := fb.setup(t, name, viaProxy)

	db, dbURL := dbtest.Postgres(t)
	box, err := outbox.New(db, sqldb.Postgres, faultSettings)
	if err != nil {
		t.Fatal(err)
	}
	if err := box.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	// The poison row first: data its schema rejects, so the relay's
	// publisher refuses it on every attempt.
	poison, _ := events.New(orders.Source, "poison", orders.CreatedV2, time.Now(), map[string]string{"order_id": "not a uuid"})
	if err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error { return box.Add(ctx, tx, poison) }); err != nil {
		t.Fatal(err)
	}
	for first := 0; first < total; first += 500 {
		err := sqldb.InTx(ctx, db, func(tx *sql.Tx) error {
			for i := first; i < first+500; i++ {
				o := orders.Created2{OrderID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Customer: orders.Customer{Email: "ada@example.com"},
					Total: orders.Money{AmountCents: 1, Currency: "USD"}, Lines: []orders.Line{{SKU: "BOOK-1", Quantity: 1}}}
				e, err := events.New(orders.Source, fmt.Sprint("o", i), orders.CreatedV2, time.Now(), o)
				if err != nil {
					return err
				}
				if err := box.Add(ctx, tx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	var delivered, handled atomic.Int64
	running, err := startBilling(ctx, sub, db, func(_ context.Context, _ events.Event, first bool) {
		delivered.Add(1)
		if first {
			handled.Add(1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = running.Stop(ctx) }()

	// The relay process, killed twice after a third and two thirds, and
	// started again, like a supervisor would, also when it exits by itself.
	type process struct {
		cmd    *exec.Cmd
		exited chan struct{}
	}
	start := func() process {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envRelay+"="+fb.name, envRelayDB+"="+dbURL, envRelayURL+"="+viaProxy, envRelayName+"="+name)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		p := process{cmd: cmd, exited: make(chan struct{})}
		go func() { _ = cmd.Wait(); close(p.exited) }()
		return p
	}
	relay := start()
	defer func() { _ = relay.cmd.Process.Kill(); <-relay.exited }()
	cutter := proxy.CutEvery(300*time.Millisecond, 0)
	kills, restarts := 0, 0
	var left int
	// The run goes on for as long as rows leave the outbox or events get
	// handled; a minute without either means the relay or the consumer is
	// stuck, however busy the machine is.
	progress, lastProgress := int64(-1), time.Now()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for done := false; !done; {
		select {
		case <-tick.C:
		case <-relay.exited:
			restarts++
			relay = start()
			continue
		}
		if left, err = box.Pending(ctx); err != nil {
			t.Fatal(err)
		}
		if now := int64(total-left) + handled.Load(); now > progress {
			progress, lastProgress = now, time.Now()
		} else if time.Since(lastProgress) > time.Minute {
			t.Fatalf("no progress for a minute: %d rows left in the outbox, %d events handled", left, handled.Load())
		}
		if kills < 2 && left <= total-(kills+1)*total/3 {
			_ = relay.cmd.Process.Signal(syscall.SIGKILL)
			<-relay.exited
			kills++
			relay = start()
		}
		done = left == 0 && handled.Load() >= total
	}
	cuts, conns := cutter.Stop()

	parked, err := box.Parked(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	// An invoice per distinct order; the primary key would refuse a
	// second one, so handled twice shows as handled > invoices.
	var invoices int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM invoices").Scan(&invoices); err != nil {
		t.Fatal(err)
	}
	h, d := int(handled.Load()), int(delivered.Load())
	t.Logf("%s: sent %d, delivered %d, handled %d, lost %d, duplicated %d (delivered again, dropped by the inbox), handled twice %d; parked %d (%s); %d relay kills, %d other relay restarts, %d cuts (%d connections)",
		fb.name, total, d, h, total-invoices, d-h, h-invoices, len(parked), parkedIDs(parked), kills, restarts, cuts, conns)
	if invoices != total || h != total || len(parked) != 1 || parked[0].Event.ID != "poison" {
		t.Fatalf("want %d events handled once each and the poison row parked", total)
	}
}

func parkedIDs(ps []outbox.Parked) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.Event.ID
	}
	return strings.Join(ids, ",")
}
