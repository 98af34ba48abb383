package rabbitmq

import (
	"context"
	"fmt"
	"net"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// handshakeTimeout bounds the TCP, TLS and AMQP handshakes of one dial.
const handshakeTimeout = 15 * time.Second

// Dial opens a connection to the broker at url, giving up when ctx is done.
// name is shown as the connection name in the broker's tools.
func Dial(ctx context.Context, url, name string) (*amqp.Connection, error) {
	props := amqp.NewConnectionProperties()
	if name != "" {
		props.SetClientConnectionName(name)
	}
	var d net.Dialer
	conn, err := amqp.DialConfig(url, amqp.Config{
		Properties: props,
		Heartbeat:  10 * time.Second,
		Dial: func(network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			// amqp091-go clears the deadline once the handshake is done.
			deadline := time.Now().Add(handshakeTimeout)
			if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
				deadline = dl
			}
			return c, c.SetDeadline(deadline)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("rabbitmq: dial: %w", err)
	}
	return conn, nil
}

// channel opens a channel on conn. Opening can block forever on a dead
// network (rabbitmq/amqp091-go#225), so ctx closes the connection to end it.
func channel(ctx context.Context, conn *amqp.Connection) (*amqp.Channel, error) {
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	ch, err := conn.Channel()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("rabbitmq: open channel: %w", err)
	}
	return ch, nil
}

// withChannel runs fn on a channel of its own and closes it afterwards. The
// channel's calls are not context-aware, so ctx closes the channel to end a
// pending one; the error then is ctx's.
func withChannel(ctx context.Context, conn *amqp.Connection, fn func(*amqp.Channel) error) error {
	ch, err := channel(ctx, conn)
	if err != nil {
		return err
	}
	defer ch.Close()
	stop := context.AfterFunc(ctx, func() { _ = ch.Close() })
	defer stop()
	if err := fn(ch); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return nil
}
