package natsbus_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/bus"
	"github.com/skillcheck-dev/skillcheck/reference/events/internal/cetest"
	"github.com/skillcheck-dev/skillcheck/reference/events/natsbus"
)

// Events cross JetStream in both content modes and are what the official
// CloudEvents SDK writes and reads: ours published and decoded by the SDK,
// the SDK's published raw and received by our subscriber, extensions
// included.
func TestCloudEventsOverNATS(t *testing.T) {
	for _, mode := range []bus.Mode{bus.Structured, bus.Binary} {
		t.Run([]string{"structured", "binary"}[mode], func(t *testing.T) {
			js, stream, prefix := jetStream(t)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			received := make(chan events.Event, 2)
			sub, err := natsbus.Subscribe(ctx, js, natsbus.SubscriberSettings{Stream: stream, Durable: "ce", Prefix: prefix},
				func(_ context.Context, e events.Event) error { received <- e; return nil })
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = sub.Stop(ctx) }()

			// Ours, read by the SDK from the stored message.
			sample := cetest.Sample(t, "ours")
			var ours events.Event
			if err := json.Unmarshal(cetest.ToStructured(t, sample), &ours); err != nil {
				t.Fatal(err)
			}
			if err := natsbus.NewPublisher(js, natsbus.PublisherSettings{Prefix: prefix, Mode: mode}).Publish(ctx, ours); err != nil {
				t.Fatal(err)
			}
			st, err := js.Stream(ctx, stream)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := st.GetMsg(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if mode == bus.Structured {
				cetest.Equal(t, ours, cetest.FromStructured(t, raw.Data))
			} else {
				attrs := map[string]string{}
				for k, v := range raw.Header {
					if name, ok := strings.CutPrefix(k, natsbus.HeaderPrefix); ok {
						attrs[name] = v[0]
					}
				}
				cetest.Equal(t, ours, cetest.FromBinary(t, attrs, raw.Header.Get(natsbus.HeaderContentType), raw.Data))
			}
			if got := <-received; got.ID != "ours" {
				t.Fatalf("received %s", got.ID)
			}

			// The SDK's, published as the SDK encodes it, read by our
			// subscriber.
			theirs := cetest.Sample(t, "theirs")
			msg := nats.NewMsg(natsbus.Subject(prefix, theirs.Type()))
			if mode == bus.Structured {
				msg.Header.Set(natsbus.HeaderContentType, bus.ContentTypeStructured)
				msg.Data = cetest.ToStructured(t, theirs)
			} else {
				attrs, contentType, data := cetest.ToBinary(t, theirs)
				for name, v := range attrs {
					msg.Header.Set(natsbus.HeaderPrefix+name, v)
				}
				msg.Header.Set(natsbus.HeaderContentType, contentType)
				msg.Data = data
			}
			if _, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID("theirs")); err != nil {
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
