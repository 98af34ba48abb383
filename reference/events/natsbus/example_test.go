package natsbus_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
)

// Events are routed by type and major version.
func ExampleSubject() {
	fmt.Println(natsbus.Subject("", orders.CreatedV2))
	// Output:
	// events.com.example.order.created.v2
}

// A reader that has moved to version 2 subscribes to both versions from one
// source and lifts version 1 events; its handler only knows Created2.
func ExampleSubscribe() {
	nc, err := nats.Connect(nats.DefaultURL)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	reg, _ := orders.Registry()
	if _, err := natsbus.EnsureStream(ctx, js, "EVENTS", "", 0); err != nil {
		log.Fatal(err)
	}
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{
		Stream:    "EVENTS",
		Durable:   "billing",
		Filter:    natsbus.Filter{Type: "com.example.order.created", Versions: []int{1, 2}, Sources: []string{orders.Source}},
		Registry:  reg,
		Major:     2,
		Upcasters: orders.Upcasters,
	}, func(ctx context.Context, e events.Event) error {
		var order orders.Created2
		if err := e.DecodeData(&order); err != nil {
			return err
		}
		// Apply it in a transaction that also records e.Key() in an
		// outbox.Inbox, so a redelivery is applied once.
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		_ = sub.Stop(stopCtx) // waits for running handlers
	}()
}

// A new read model replays the stream: a durable consumer of its own,
// created with StartAll. Without it a new consumer starts with the events
// published from now on, so a new billing service does not invoice every
// order ever placed.
func ExampleSubscribe_replay() {
	nc, err := nats.Connect(nats.DefaultURL)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{
		Stream:  "EVENTS",
		Durable: "revenue-v2", // a new name per rebuild
		Filter:  natsbus.Filter{Type: "com.example.order.>"},
		Start:   natsbus.StartAll,
	}, func(ctx context.Context, e events.Event) error {
		return nil // fold e into the read model, idempotently
	})
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = sub.Stop(ctx) }()
}
