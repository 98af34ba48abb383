package sqs

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
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

	"github.com/skillcheck-dev/skillcheck/reference/internal/faultproxy"
	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/idempotency"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/effects"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
)

// The fault run re-executes the test binary as consumer processes that it
// kills with SIGKILL. In a child, these variables say what to consume.
const (
	envChild     = "MQTEST_SQS_CHILD"
	envEndpoint  = "MQTEST_SQS_ENDPOINT"
	envQueue     = "MQTEST_SQS_QUEUE"
	envDatabase  = "MQTEST_SQS_DATABASE"
	envDelivered = "MQTEST_SQS_DELIVERED"
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) != "" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

func faultTopology(queue string) Topology {
	// The test kills consumers holding received messages dozens of times;
	// a redrive limit above that keeps the safety net from taking healthy
	// messages whose holders were killed again and again.
	return Topology{Queue: queue, RetryDelays: []time.Duration{time.Second}, VisibilityTimeout: 2 * time.Second,
		MaxReceiveCount: 50}
}

// faultHandler: "poison…" bodies are poison; every 97th message fails its
// first attempt; every 500th takes 3 s, longer than the visibility timeout;
// the rest insert their effect. Each call is counted by delivered.
func faultHandler(delivered func(id string)) TxHandler {
	return func(ctx context.Context, tx *sql.Tx, d Delivery) error {
		delivered(d.MessageID)
		if strings.HasPrefix(string(d.Body), "poison") {
			return mq.Poison(errors.New("unreadable order"))
		}
		i, _ := strconv.Atoi(string(d.Body))
		if i%97 == 0 && d.Attempt == 1 {
			return errors.New("downstream unavailable")
		}
		if i%500 == 0 {
			if err := mq.Sleep(ctx, 3*time.Second); err != nil {
				return err
			}
		}
		return insertEffect(ctx, tx, d)
	}
}

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
	c := NewTxConsumer(mqtest.SQSClient(os.Getenv(envEndpoint)), faultTopology(os.Getenv(envQueue)), st,
		faultHandler(delivered), ConsumerSettings{Backoff: fastBackoff, WaitTime: time.Second})
	if err := c.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestFaultSQSExactlyOnce sends 10,000 messages (20 of them poison, 20
// slower than the visibility timeout) through a TCP proxy that cuts the
// publisher's and an in-process consumer's connections every 500 ms, stops
// the SQS server (goaws, in process) for 1 s every 5 s, and kills one of
// two consumer processes (the test binary re-executed) with SIGKILL every
// 3 s and starts a new one. Every message's effect must be applied exactly
// once through the idempotency store, none lost, and every poison message
// must be in the dead-letter queue with its reason. It needs the in-process
// server (it stops and restarts it), so it skips with SQS_ENDPOINT set.
func TestFaultSQSExactlyOnce(t *testing.T) {
	testenv.FaultRun(t)
	const total, poison = 10_000, 20
	cl, server := mqtest.SQS(t)
	if server == nil {
		t.Skip("the fault run stops and restarts the in-process goaws server; unset SQS_ENDPOINT")
	}
	dbURL := mqtest.PostgresSchema(t)
	st := effects.Store(t, dbURL)
	topo := faultTopology(queueName(t, false))
	urls := declare(t, cl, topo)
	proxy, err := faultproxy.Start(net.JoinHostPort("127.0.0.1", strconv.Itoa(server.Port())))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	viaProxy := mqtest.SQSClient("http://" + proxy.Addr())

	delivered := filepath.Join(t.TempDir(), "delivered")
	var inProcess, reported atomic.Int64
	runConsumer(t, NewTxConsumer(viaProxy, topo, st, faultHandler(func(string) { inProcess.Add(1) }),
		ConsumerSettings{Backoff: fastBackoff, WaitTime: time.Second, OnError: func(error) { reported.Add(1) }}))

	var (
		childMu  sync.Mutex
		children []*exec.Cmd
		started  int
		killed   int
	)
	startChild := func() {
		started++
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"="+strconv.Itoa(started), envEndpoint+"="+server.URL(),
			envQueue+"="+topo.Queue, envDatabase+"="+dbURL, envDelivered+"="+delivered)
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

	stopFaults := make(chan struct{})
	var faults sync.WaitGroup
	var outages int
	faults.Go(func() {
		cutter := proxy.CutEvery(500*time.Millisecond, 0)
		defer cutter.Stop()
		down := time.NewTicker(5 * time.Second)
		defer down.Stop()
		kill := time.NewTicker(3 * time.Second)
		defer kill.Stop()
		for {
			select {
			case <-stopFaults:
				return
			case <-down.C:
				server.Down()
				outages++
				time.Sleep(time.Second)
				if err := server.Up(); err != nil {
					t.Error(err)
				}
			case <-kill.C:
				childMu.Lock()
				victim := children[killed%len(children)]
				if victim.ProcessState == nil {
					_ = victim.Process.Kill()
					_ = victim.Wait()
					killed++
					startChild()
				}
				childMu.Unlock()
			}
		}
	})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // a backstop; the waits below judge progress
	defer cancel()
	pub := NewPublisher(viaProxy, urls.Queue, false, PublisherSettings{Backoff: fastBackoff, MaxAttempts: 20})
	var msgs []Message
	for i := range total {
		m := Message{ID: fmt.Sprintf("m-%05d", i), Body: fmt.Append(nil, i)}
		if i%(total/poison) == 1 {
			m.Body = fmt.Appendf(nil, "poison-%d", i)
		}
		msgs = append(msgs, m)
	}
	for start := 0; start < total; start += 100 {
		batch := msgs[start : start+100]
		for pub.PublishBatch(ctx, batch) != nil { // a request cut mid-way: send the batch again, same IDs
			if ctx.Err() != nil {
				t.Fatal("could not send the messages")
			}
		}
	}

	// Wait for as long as effects keep being applied; what is missing when
	// they stop is reported below as lost.
	var rows, distinct int
	_ = liveness.Await(200*time.Millisecond, time.Minute, func() (int, error) {
		rows, distinct = effects.Count(t, st)
		return max(0, total-poison-distinct), nil
	})
	close(stopFaults)
	faults.Wait()
	dead := receiveAll(t, cl, urls.DeadLetter, false, poison)
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
		reasons[d.Attributes[mq.HeaderDeadLetterReason]]++
		deadIDs[d.MessageID] = true
	}
	lost := total - poison - distinct
	t.Logf("sent %d (%d poison, %d slower than the visibility timeout); delivered %d (handler calls in %d processes, %d killed with SIGKILL, %d server outages); handled %d; dead-lettered %d (%d messages, reasons %v); lost %d; duplicated %d; %d errors reported in-process",
		total, poison, total/500, calls, started+1, killed, outages, distinct, len(deadIDs), len(dead), reasons, lost, rows-distinct, reported.Load())
	if lost != 0 || rows != distinct {
		t.Fatalf("lost %d, applied twice %d; want 0 and 0", lost, rows-distinct)
	}
	if len(deadIDs) != poison || reasons[mq.ReasonPoison] < poison {
		t.Fatalf("dead letters %v (%d distinct), want %d poison", reasons, len(deadIDs), poison)
	}
}
