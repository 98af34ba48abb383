package kafka

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/internal/liveness"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/effects"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// The fault run re-executes the test binary as consumer processes that it
// kills with SIGKILL. In a child, these variables say what to consume.
const (
	envChild     = "MQTEST_KAFKA_CHILD" // the child's name
	envBrokers   = "MQTEST_KAFKA_BROKERS"
	envTopic     = "MQTEST_KAFKA_TOPIC"
	envGroup     = "MQTEST_KAFKA_GROUP"
	envDatabase  = "MQTEST_KAFKA_DATABASE"
	envDelivered = "MQTEST_KAFKA_DELIVERED" // file the child appends each delivery's message ID to
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) != "" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

// faultTopology is the topology of the fault run.
func faultTopology(topic string) Topology {
	return Topology{Topic: topic, RetryDelays: []time.Duration{50 * time.Millisecond}, Partitions: 6}
}

// faultHandler is the fault run's handler: messages whose body starts with
// "poison" are poison; every 97th fails its first attempt; the rest insert
// their effect. Each call is counted by delivered.
func faultHandler(delivered func(id string)) TxHandler {
	return func(ctx context.Context, tx *sql.Tx, d Delivery) error {
		delivered(d.MessageID)
		if strings.HasPrefix(string(d.Body), "poison") {
			return mq.Poison(errors.New("unreadable order"))
		}
		if i, _ := strconv.Atoi(string(d.Body)); i%97 == 0 && d.Attempt == 1 {
			return errors.New("downstream unavailable")
		}
		return insertEffect(ctx, tx, d)
	}
}

// runChild is a consumer process of the fault run: it consumes until it is
// killed, or stops gracefully on SIGTERM.
func runChild() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	st, err := idempotency.OpenPostgres(ctx, os.Getenv(envDatabase), idempotency.Settings{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	f, err := os.OpenFile(os.Getenv(envDelivered), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer f.Close()
	var mu sync.Mutex
	delivered := func(id string) { mu.Lock(); defer mu.Unlock(); fmt.Fprintln(f, id) }
	c := NewTxConsumer(strings.Split(os.Getenv(envBrokers), ","), os.Getenv(envGroup),
		faultTopology(os.Getenv(envTopic)), st, faultHandler(delivered),
		ConsumerSettings{Backoff: fastBackoff, Options: mqtest.GroupOptions()})
	if err := c.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestFaultKafkaExactlyOnce sends 10,000 messages (20 of them poison),
// paced over about 20 s, while the test cuts the producer's and an in-process consumer's
// connections every 500 ms, makes the broker unreachable for them for 1 s
// every 4 s, makes kfake fail fetch and offset-commit requests, and kills
// one of two consumer processes (the test binary re-executed) with SIGKILL
// every 2 s and starts a new one; every start and kill rebalances the group.
// The faults go on until ten consumers have been killed (or for 60 s, or
// until everything is applied); then the group must recover: it is judged
// on progress after the faults, not during them, when a kill every 2 s can
// keep a race-instrumented group rebalancing for as long as the kills go
// on. (Shorter intervals starve the race-instrumented processes on two
// cores: a child needs about a second to join.) Every message's effect must
// be applied exactly once through the idempotency store, none lost, and
// every poison message must be in the dead-letter topic with its reason.
func TestFaultKafkaExactlyOnce(t *testing.T) {
	testenv.FaultRun(t)
	const total, poison, publishStep = 10_000, 20, 50
	brokers, cluster := mqtest.Kafka(t)
	dbURL := mqtest.PostgresSchema(t)
	st := effects.Store(t, dbURL)
	topo := faultTopology(mqtest.Name(t))
	group := mqtest.Name(t)
	declare(t, brokers, topo)

	if cluster != nil { // kfake's own fault hooks: retriable errors the client must ride out
		cluster.Fault(
			kfake.Fault{Keys: []kmsg.Key{kmsg.Fetch}, Err: kerr.NotLeaderForPartition, Count: 30},
			kfake.Fault{Keys: []kmsg.Key{kmsg.OffsetCommit}, Err: kerr.CoordinatorNotAvailable, Count: 10},
		)
	}

	delivered := filepath.Join(t.TempDir(), "delivered")
	var inProcess atomic.Int64
	cutter := mqtest.NewCutter()
	var reported atomic.Int64
	runConsumer(t, NewTxConsumer(brokers, group, topo, st, faultHandler(func(string) { inProcess.Add(1) }),
		ConsumerSettings{Backoff: fastBackoff, OnError: func(err error) {
			if reported.Add(1) <= 5 {
				t.Logf("in-process consumer recovered from: %v", err)
			}
		},
			Options: append(mqtest.GroupOptions(), kgo.Dialer(cutter.Dial))}))

	var (
		childMu  sync.Mutex
		children []*exec.Cmd
		started  int
		killed   int
	)
	startChild := func() {
		started++
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"="+strconv.Itoa(started), envBrokers+"="+strings.Join(brokers, ","),
			envTopic+"="+topo.Topic, envGroup+"="+group, envDatabase+"="+dbURL, envDelivered+"="+delivered)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children = append(children, cmd)
	}
	childMu.Lock()
	startChild()
	startChild()
	childMu.Unlock()
	t.Cleanup(func() {
		childMu.Lock()
		defer childMu.Unlock()
		for _, c := range children {
			_ = c.Process.Kill()
			_ = c.Wait()
		}
	})

	// Faults run until every effect is there.
	stopFaults := make(chan struct{})
	var faults sync.WaitGroup
	faults.Go(func() {
		cut := time.NewTicker(500 * time.Millisecond)
		defer cut.Stop()
		down := time.NewTicker(4 * time.Second)
		defer down.Stop()
		kill := time.NewTicker(2 * time.Second)
		defer kill.Stop()
		for {
			select {
			case <-stopFaults:
				cutter.Up()
				return
			case <-cut.C:
				cutter.Cut()
			case <-down.C:
				cutter.Down()
				time.AfterFunc(time.Second, cutter.Up)
			case <-kill.C:
				childMu.Lock()
				victim := children[killed%len(children)]
				if victim.Process != nil && victim.ProcessState == nil {
					_ = victim.Process.Kill() // SIGKILL: no shutdown, no commit
					_ = victim.Wait()
					killed++
					startChild()
				}
				childMu.Unlock()
			}
		}
	})

	p, err := NewProducer(brokers, ProducerSettings{Options: []kgo.Opt{kgo.Dialer(cutter.Dial)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // a backstop; the waits below judge progress
	defer cancel()
	receipts := make([]*Receipt, 0, total)
	for i := range total {
		if i > 0 && i%publishStep == 0 {
			// Paced over about 20 s, so that consumers are killed while they
			// handle records, not after everything was applied.
			time.Sleep(100 * time.Millisecond)
		}
		m := Message{Topic: topo.Topic, ID: fmt.Sprintf("m-%05d", i), Key: fmt.Appendf(nil, "k-%d", i%50), Body: fmt.Append(nil, i)}
		if i%(total/poison) == 1 {
			m.Body = fmt.Appendf(nil, "poison-%d", i)
		}
		r, err := p.PublishAsync(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	sent := 0
	for _, r := range receipts {
		if err := r.Wait(ctx); err != nil {
			t.Fatalf("message %s: %v", r.MessageID(), err)
		}
		sent++
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}

	// Phase one: the faults go on until ten consumers have been killed, or
	// for 60 s, or until every effect is in. Under a kill every 2 s a
	// race-instrumented group may spend that whole phase rebalancing, so
	// nothing is required of it here but to stay correct.
	var rows, distinct int
	faultsEnd := time.Now().Add(60 * time.Second)
	for {
		rows, distinct = effects.Count(t, st)
		childMu.Lock()
		enough := killed >= 10
		childMu.Unlock()
		if enough || distinct == total-poison || time.Now().After(faultsEnd) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(stopFaults)
	faults.Wait()
	t.Logf("faults stopped with %d of %d effects applied", distinct, total-poison)
	// Phase two: recovery. With the faults gone the group must apply every
	// effect: wait for as long as effects keep being applied; what is
	// missing after a minute without progress is reported below as lost.
	_ = liveness.Await(100*time.Millisecond, time.Minute, func() (int, error) {
		rows, distinct = effects.Count(t, st)
		return max(0, total-poison-distinct), nil
	})
	dead := readTopic(t, brokers, topo.DeadLetterTopic(), poison)

	calls := int(inProcess.Load())
	if f, err := os.Open(delivered); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			calls++
		}
		f.Close()
	}
	reasons := map[string]int{}
	deadIDs := map[string]bool{}
	for _, d := range dead {
		reasons[d.Headers[mq.HeaderDeadLetterReason]]++
		deadIDs[d.MessageID] = true
	}
	lost := total - poison - distinct
	t.Logf("sent %d (%d poison); delivered %d (handler calls in %d processes, %d killed with SIGKILL, %d connection cuts); handled %d; dead-lettered %d (%d records, reasons %v); lost %d; duplicated %d; %d errors reported in-process",
		sent, poison, calls, started+1, killed, cutter.Cuts(), distinct, len(deadIDs), len(dead), reasons, lost, rows-distinct, reported.Load())
	if lost != 0 || rows != distinct {
		logGroup(t, brokers, group)
		t.Fatalf("lost %d, applied twice %d; want 0 and 0", lost, rows-distinct)
	}
	if len(deadIDs) != poison || reasons[mq.ReasonPoison] < poison {
		t.Fatalf("dead letters %v (%d distinct), want %d poison", reasons, len(deadIDs), poison)
	}
	if killed == 0 {
		t.Fatal("no consumer process was killed")
	}
}
