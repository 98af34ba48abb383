package kafka

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// fastBackoff keeps moves in tests short without spinning.
func fastBackoff(int) time.Duration { return 20 * time.Millisecond }

// runConsumer starts c and returns a function that stops it and returns
// Run's error.
func runConsumer(t *testing.T, c *Consumer) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				t.Fatal("consumer did not stop")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// declare creates topo's topics.
func declare(t testing.TB, brokers []string, topo Topology) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := topo.Declare(ctx, cl); err != nil {
		t.Fatal(err)
	}
}

// publishAll produces msgs and waits for every acknowledgement.
func publishAll(t testing.TB, brokers []string, msgs ...Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p, err := NewProducer(brokers, ProducerSettings{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	receipts := make([]*Receipt, 0, len(msgs))
	for _, m := range msgs {
		r, err := p.PublishAsync(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}
	for _, r := range receipts {
		if err := r.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// readTopic reads topic from its start, without a group, until it has
// records with n distinct message IDs, and returns the records read.
func readTopic(t testing.TB, brokers []string, topic string, n int) []Delivery {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	var out []Delivery
	ids := map[string]bool{}
	for len(ids) < n {
		// Wait as long as messages keep coming: a minute without a new
		// one means they are not coming, however busy the machine is.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		fetches := cl.PollFetches(ctx)
		stalled := ctx.Err() != nil
		cancel()
		if stalled {
			t.Fatalf("%d of %d messages in %s, none new for a minute", len(ids), n, topic)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			d := newDelivery(r)
			ids[d.MessageID] = true
			out = append(out, d)
		})
	}
	return out
}

// insertEffect is a TxHandler that writes one effect row per message.
func insertEffect(ctx context.Context, tx *sql.Tx, d Delivery) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO effects (key) VALUES ($1)`, d.MessageID)
	return err
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// logGroup logs a consumer group's members and assignments and, per
// partition of its topics, the committed offset and the end offset: what a
// failed fault run needs to tell a stuck member from a stuck commit.
func logGroup(t testing.TB, brokers []string, group string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Logf("group %s: %v", group, err)
		return
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	adm := kadm.NewClient(cl)
	described, err := adm.DescribeGroups(ctx, group)
	if err != nil {
		t.Logf("group %s: describe: %v", group, err)
	}
	for _, g := range described {
		t.Logf("group %s: state %s, protocol %s, %d members (error %v)", g.Group, g.State, g.Protocol, len(g.Members), g.Err)
		for _, m := range g.Members {
			assigned, _ := m.Assigned.AsConsumer()
			var parts []string
			if assigned != nil {
				for _, tp := range assigned.Topics {
					parts = append(parts, fmt.Sprintf("%s%v", tp.Topic, tp.Partitions))
				}
			}
			t.Logf("  member %s (%s): %v", m.MemberID, m.ClientID, parts)
		}
	}
	lags, err := adm.Lag(ctx, group)
	if err != nil {
		t.Logf("group %s: lag: %v", group, err)
		return
	}
	lags.Each(func(l kadm.DescribedGroupLag) {
		for _, pl := range l.Lag.Sorted() {
			if pl.Lag > 0 {
				t.Logf("  %s[%d]: committed %d, end %d, lag %d, member %q", pl.Topic, pl.Partition, pl.Commit.At, pl.End.Offset, pl.Lag, memberOf(pl))
			}
		}
	})
}

func memberOf(pl kadm.GroupMemberLag) string {
	if pl.Member == nil {
		return ""
	}
	return pl.Member.MemberID
}
