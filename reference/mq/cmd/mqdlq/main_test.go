package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
	"github.com/skillcheck-dev/skillcheck/reference/mq/internal/mqtest"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"inspect"}, {"-queue", "q"}, {"-queue", "q", "frobnicate"}, {"-queue", "q", "inspect", "extra"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want usage error", args, err)
		}
	}
}

func TestInspectAndReplay(t *testing.T) {
	url := testenv.AMQPURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	topo := rabbitmq.Topology{Queue: mqtest.Name(t), RetryDelays: []time.Duration{}}
	conn, err := rabbitmq.Dial(ctx, url, t.Name())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := topo.Declare(ctx, conn); err != nil {
		t.Fatal(err)
	}
	defer topo.Delete(context.Background(), conn)

	// Put two messages straight into the DLQ, as the consumer would.
	pub := rabbitmq.NewPublisher(url, rabbitmq.PublisherSettings{})
	for _, id := range []string{"m1", "m2"} {
		err := pub.Publish(ctx, rabbitmq.Message{
			Exchange: topo.DeadLetterExchange(), RoutingKey: topo.Queue, ID: id, Body: []byte("body of " + id),
			Headers: map[string]any{mq.HeaderLastError: "boom", mq.HeaderDeadLetterReason: mq.ReasonPoison},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := pub.Close(ctx); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := run(ctx, []string{"-url", url, "-queue", topo.Queue, "inspect"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MESSAGE ID", "m1", "m2", "poison", "boom", `"body of m1"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out.String())
		}
	}
	// inspect put back what it read.
	waitReady(t, conn, topo.DeadLetterQueue(), 2)
	out.Reset()
	if err := run(ctx, []string{"-url", url, "-queue", topo.Queue, "inspect", "-json", "-limit", "1"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\n"); got != 1 || !strings.Contains(out.String(), `"last_error":"boom"`) {
		t.Errorf("inspect -json -limit 1:\n%s", out.String())
	}

	waitReady(t, conn, topo.DeadLetterQueue(), 2)
	out.Reset()
	if err := run(ctx, []string{"-url", url, "-queue", topo.Queue, "replay", "-id", "m2"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "replayed 1 messages") {
		t.Errorf("replay output: %s", out.String())
	}
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	d, ok, err := ch.Get(topo.Queue, true)
	if err != nil || !ok || d.MessageId != "m2" {
		t.Fatalf("work queue head after replay: %q, %v, %v; want m2", d.MessageId, ok, err)
	}
}

// waitReady waits until queue has n ready messages.
func waitReady(t *testing.T, conn *amqp.Connection, queue string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ch, err := conn.Channel()
		if err != nil {
			t.Fatal(err)
		}
		q, err := ch.QueueDeclarePassive(queue, true, false, false, false, nil)
		_ = ch.Close()
		if err != nil {
			t.Fatal(err)
		}
		if q.Messages == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %d ready messages, want %d", queue, q.Messages, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
