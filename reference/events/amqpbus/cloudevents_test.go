package amqpbus_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/amqpbus"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/cetest"
	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

// Events cross RabbitMQ in both content modes and are what the official
// CloudEvents SDK writes and reads: ours published and decoded by the SDK
// from a queue of the test's own, the SDK's published raw and received by
// our subscriber, extensions included. Binary mode names the headers
// cloudEvents_<attribute> (the AMQP binding's application properties).
func TestCloudEventsOverRabbitMQ(t *testing.T) {
	for _, mode := range []bus.Mode{bus.Structured, bus.Binary} {
		t.Run([]string{"structured", "binary"}[mode], func(t *testing.T) {
			url, exchange, conn := broker(t)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			received := make(chan events.Event, 2)
			subscribe(t, conn, amqpbus.SubscriberSettings{URL: url, Exchange: exchange, Queue: "ce",
				Filter: bus.Filter{Type: "com.example.order.created", Versions: []int{2}}},
				func(_ context.Context, e events.Event) error { received <- e; return nil })
			// A plain queue to read the raw messages from.
			ch, err := conn.Channel()
			if err != nil {
				t.Fatal(err)
			}
			defer ch.Close()
			raw := exchange + ".raw"
			if _, err := ch.QueueDeclare(raw, false, true, false, false, nil); err != nil {
				t.Fatal(err)
			}
			if err := ch.QueueBind(raw, "#", exchange, false, nil); err != nil {
				t.Fatal(err)
			}

			sample := cetest.Sample(t, "ours")
			var ours events.Event
			if err := json.Unmarshal(cetest.ToStructured(t, sample), &ours); err != nil {
				t.Fatal(err)
			}
			pub := rabbitmq.NewPublisher(url, rabbitmq.PublisherSettings{})
			defer func() { _ = pub.Close(ctx) }()
			if err := amqpbus.NewPublisher(pub, amqpbus.PublisherSettings{Exchange: exchange, Mode: mode}).Publish(ctx, ours); err != nil {
				t.Fatal(err)
			}
			d, ok, err := ch.Get(raw, true)
			if err != nil || !ok {
				t.Fatalf("no raw message: %v", err)
			}
			if mode == bus.Structured {
				cetest.Equal(t, ours, cetest.FromStructured(t, d.Body))
			} else {
				attrs := map[string]string{}
				for k, v := range d.Headers {
					if name, ok := strings.CutPrefix(k, amqpbus.HeaderPrefix); ok {
						attrs[name], _ = v.(string)
					}
				}
				cetest.Equal(t, ours, cetest.FromBinary(t, attrs, d.ContentType, d.Body))
			}
			if got := <-received; got.ID != "ours" {
				t.Fatalf("received %s", got.ID)
			}

			theirs := cetest.Sample(t, "theirs")
			msg := amqp.Publishing{Headers: amqp.Table{}, DeliveryMode: amqp.Persistent}
			if mode == bus.Structured {
				msg.ContentType, msg.Body = bus.ContentTypeStructured, cetest.ToStructured(t, theirs)
			} else {
				attrs, contentType, data := cetest.ToBinary(t, theirs)
				for name, v := range attrs {
					msg.Headers[amqpbus.HeaderPrefix+name] = v
				}
				msg.ContentType, msg.Body = contentType, data
			}
			if err := ch.PublishWithContext(ctx, exchange, amqpbus.RoutingKey(theirs.Type()), false, false, msg); err != nil {
				t.Fatal(err)
			}
			select {
			case got := <-received:
				cetest.Equal(t, got, theirs)
			case <-ctx.Done():
				t.Fatal("the SDK's event was not received")
			}
		})
	}
}
