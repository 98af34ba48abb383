package rabbitmq

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

// PublisherSettings configures a Publisher. The zero value is ready to use.
type PublisherSettings struct {
	// Window is the most messages that may wait for a broker confirm at once.
	// PublishAsync blocks while the window is full. Zero means 256.
	Window int
	// MaxAttempts bounds how often one message is sent: the first publish
	// plus republishes after a broker nack or after its confirm was lost
	// with the connection. Zero means 10.
	MaxAttempts int
	// Backoff gives the pause before reconnect attempt n. Nil means
	// exponential backoff with full jitter from 100ms up to 10s.
	Backoff mq.Backoff
	// Name is the connection name shown in the broker's tools.
	Name string
}

func (s PublisherSettings) withDefaults() PublisherSettings {
	if s.Window <= 0 {
		s.Window = 256
	}
	if s.MaxAttempts <= 0 {
		s.MaxAttempts = 10
	}
	if s.Backoff == nil {
		s.Backoff = mq.DefaultBackoff
	}
	return s
}

// Publisher sends persistent, mandatory messages with publisher confirms.
//
// Confirms are tracked as a bounded asynchronous window: up to Window
// messages are on the wire at once, and each caller learns the outcome of its
// own message through a Receipt. A message counts as published only when the
// broker acknowledged it and did not return it as unroutable. A nacked
// message is sent again; so is every message whose confirm was lost when the
// connection or channel closed, after the Publisher reconnected with backoff.
// Republishing can create duplicates, which is why every message carries a
// stable ID and idempotency key for consumers to deduplicate on.
//
// One goroutine owns the channel: it publishes, drains the confirm, return
// and close notifications (amqp091-go blocks when they are not drained) and
// reconnects. A Publisher is safe for concurrent use.
type Publisher struct {
	url string
	s   PublisherSettings

	slots   chan struct{} // window semaphore: one token per unresolved message
	intake  chan *Receipt
	closing chan struct{} // closed by Close: no new messages, drain the rest
	stop    chan struct{} // closed when Close gives up: fail what is left
	done    chan struct{} // closed when the run loop has exited

	closeOnce sync.Once
	stopOnce  sync.Once
	conn      atomic.Pointer[amqp.Connection] // current connection, for Close
}

// Receipt is the pending outcome of one published message.
type Receipt struct {
	msg      Message
	pub      amqp.Publishing
	attempts int
	outcome  mq.Completion
}

// Done is closed once the outcome is known.
func (r *Receipt) Done() <-chan struct{} { return r.outcome.Done() }

// Err returns the outcome after Done is closed: nil when the broker confirmed
// the message, otherwise an error matching ErrUnroutable, ErrNacked,
// ErrUnconfirmed, ErrExchangeNotFound or ErrClosed.
func (r *Receipt) Err() error { return r.outcome.Err() }

// MessageID returns the ID the message was sent with.
func (r *Receipt) MessageID() string { return r.msg.ID }

// Wait blocks until the outcome is known or ctx is done. When ctx ends first,
// the error matches ctx.Err(), and the message may still be confirmed later.
func (r *Receipt) Wait(ctx context.Context) error {
	known, err := r.outcome.Wait(ctx)
	if !known {
		return fmt.Errorf("rabbitmq: no confirm for message %s yet: %w", r.msg.ID, ctx.Err())
	}
	return err
}

// NewPublisher returns a Publisher for the broker at url. It connects in the
// background; messages published before the connection is up wait in the
// window.
func NewPublisher(url string, s PublisherSettings) *Publisher {
	s = s.withDefaults()
	p := &Publisher{
		url:     url,
		s:       s,
		slots:   make(chan struct{}, s.Window),
		intake:  make(chan *Receipt),
		closing: make(chan struct{}),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go p.run()
	return p
}

// PublishAsync hands m to the Publisher and returns its Receipt. It blocks
// while the confirm window is full (Window messages unresolved, whether sent
// or waiting for a reconnect), until ctx is done: then the error matches
// ctx.Err() and m was not sent. Once PublishAsync returned, the message no
// longer depends on ctx: the Publisher keeps trying until it is confirmed,
// fails, or Close gives up.
func (p *Publisher) PublishAsync(ctx context.Context, m Message) (*Receipt, error) {
	r := &Receipt{msg: m}
	r.pub = r.msg.publishing()
	if err := r.pub.Headers.Validate(); err != nil {
		// amqp091-go would refuse it on every attempt.
		return nil, fmt.Errorf("rabbitmq: message %s: %w", r.msg.ID, err)
	}
	select {
	case p.slots <- struct{}{}:
	case <-p.closing:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, r.windowFull(ctx)
	}
	select {
	case p.intake <- r:
		return r, nil
	case <-p.closing:
		<-p.slots
		return nil, ErrClosed
	case <-ctx.Done():
		<-p.slots
		return nil, r.windowFull(ctx)
	}
}

// windowFull is PublishAsync's error when ctx ends before r found room.
func (r *Receipt) windowFull(ctx context.Context) error {
	return fmt.Errorf("rabbitmq: message %s not sent, confirm window full: %w", r.msg.ID, ctx.Err())
}

// Publish sends m and waits for its outcome: nil once the broker confirmed
// it. It never waits beyond ctx: when ctx ends first, the error matches
// ctx.Err(), and the message may still be published later (unless the
// error says it was not sent).
func (p *Publisher) Publish(ctx context.Context, m Message) error {
	r, err := p.PublishAsync(ctx, m)
	if err != nil {
		return err
	}
	return r.Wait(ctx)
}

// Close stops accepting messages and waits until every outstanding message is
// confirmed or failed, reconnecting if needed, until ctx is done. Then it
// closes the channel and connection; messages still unresolved fail with
// ErrClosed, and Close returns an error that matches ErrClosed and ctx.Err().
func (p *Publisher) Close(ctx context.Context) error {
	p.closeOnce.Do(func() { close(p.closing) })
	select {
	case <-p.done:
		return nil
	case <-ctx.Done():
	}
	unresolved := len(p.slots)
	p.stopOnce.Do(func() { close(p.stop) })
	if c := p.conn.Load(); c != nil {
		// Unblocks a publish stuck on a blocked connection; the deadline
		// keeps Close itself from hanging on the same socket.
		_ = c.CloseDeadline(time.Now().Add(time.Second))
	}
	<-p.done
	return fmt.Errorf("%w with %d messages unconfirmed: %w", ErrClosed, unresolved, ctx.Err())
}

// resolve records the outcome of r and frees its window slot.
func (p *Publisher) resolve(r *Receipt, err error) {
	r.outcome.Complete(err)
	<-p.slots
}

// pubSession is one channel in confirm mode and its notifications.
type pubSession struct {
	ch        *amqp.Channel
	confirms  chan amqp.Confirmation
	returns   chan amqp.Return
	closed    chan *amqp.Error
	exchanges map[string]bool // exchanges known to exist on this channel
}

// returnKey identifies a returned message. Messages with the same ID and
// route are routed alike, so a return can be matched on this key alone.
type returnKey struct{ id, exchange, key string }

// run is the loop that owns the channel. Messages flow: intake → queue →
// inflight (sent, awaiting a confirm, keyed by delivery tag) → resolved; on
// connection or channel loss the inflight ones go back to the front of the
// queue. Intake goes on while disconnected: only the window bounds it.
func (p *Publisher) run() {
	defer close(p.done)
	var (
		s        *pubSession
		queue    []*Receipt                      // to send, in order
		inflight = map[uint64]*Receipt{}         // sent, keyed by delivery tag
		returned = map[returnKey][]amqp.Return{} // returns not yet matched to an ack
		nextTag  uint64                          // delivery tag of the last publish
		closing  = p.closing                     // nil once seen
		failures int                             // connects failed or sessions lost since the last connect
		retry    <-chan time.Time                // set while backing off
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-p.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	defer func() {
		if c := p.conn.Load(); c != nil {
			_ = c.Close()
		}
	}()

	// backOff schedules the next connect. Every path without a session goes
	// through it: the loop then always has the retry timer to wake it, even
	// when the window is full and no message can come in.
	backOff := func() {
		failures++
		retry = time.After(p.s.Backoff(failures))
	}
	// lost ends the session: the unconfirmed messages go back to the front of
	// the queue, in their original order, and a reconnect is scheduled.
	lost := func() {
		s.drain(func(c amqp.Confirmation) { queue = p.confirm(c, inflight, returned, queue) },
			func(r amqp.Return) { addReturn(returned, r) })
		_ = s.ch.Close()
		s = nil
		clear(returned)
		var again []*Receipt
		for _, tag := range slices.Sorted(maps.Keys(inflight)) {
			again = append(again, inflight[tag])
		}
		clear(inflight)
		queue = append(p.retryable(again, ErrUnconfirmed), queue...)
		backOff()
	}

	for {
		if closing == nil && len(queue) == 0 && len(inflight) == 0 {
			if s != nil {
				_ = s.ch.Close()
			}
			return
		}
		if s == nil && retry == nil {
			var err error
			if s, err = p.open(ctx); err != nil {
				backOff()
			} else {
				failures, nextTag = 0, 0
			}
		}

		// Send what is queued; the window bounds the queue's length.
		for s != nil && len(queue) > 0 {
			r := queue[0]
			if err := s.checkExchange(r.msg.Exchange); err != nil {
				if errors.Is(err, ErrExchangeNotFound) {
					queue = queue[1:]
					p.resolve(r, err)
				}
				lost() // a failed passive declare closes the channel
				break
			}
			if err := s.ch.Publish(r.msg.Exchange, r.msg.RoutingKey, true, false, r.pub); err != nil {
				lost()
				break
			}
			r.attempts++
			nextTag++
			inflight[nextTag] = r
			queue = queue[1:]
		}

		intake := p.intake
		var confirms <-chan amqp.Confirmation
		var returns <-chan amqp.Return
		var closed <-chan *amqp.Error
		if s != nil {
			confirms, returns, closed = s.confirms, s.returns, s.closed
			if len(queue) > 0 {
				intake = nil // connected but not keeping up: let the window fill
			}
		}
		select {
		case <-retry:
			retry = nil
		case r := <-intake:
			queue = append(queue, r)
		case c, ok := <-confirms:
			if !ok {
				lost()
				continue
			}
			// basic.return precedes its basic.ack on the wire and amqp091-go
			// delivers both from one goroutine, so any return for this tag is
			// already buffered: take it before resolving the ack.
			s.drainReturns(func(r amqp.Return) { addReturn(returned, r) })
			queue = p.confirm(c, inflight, returned, queue)
		case r, ok := <-returns:
			if ok {
				addReturn(returned, r)
			}
		case <-closed:
			lost()
		case <-closing:
			closing = nil
		case <-ctx.Done(): // Close gave up
			if s != nil {
				lost()
			}
			for _, r := range queue {
				p.resolve(r, ErrClosed)
			}
			return
		}
	}
}

// confirm resolves the message with delivery tag c.DeliveryTag and returns
// the queue, with the message appended when it is to be sent again.
func (p *Publisher) confirm(c amqp.Confirmation, inflight map[uint64]*Receipt, returned map[returnKey][]amqp.Return, queue []*Receipt) []*Receipt {
	r, ok := inflight[c.DeliveryTag]
	if !ok {
		return queue
	}
	delete(inflight, c.DeliveryTag)
	if !c.Ack {
		return append(queue, p.retryable([]*Receipt{r}, ErrNacked)...)
	}
	k := returnKey{r.msg.ID, r.msg.Exchange, r.msg.RoutingKey}
	if rets := returned[k]; len(rets) > 0 {
		ret := rets[0]
		if len(rets) == 1 {
			delete(returned, k)
		} else {
			returned[k] = rets[1:]
		}
		p.resolve(r, &ReturnError{MessageID: r.msg.ID, Exchange: r.msg.Exchange, RoutingKey: r.msg.RoutingKey,
			ReplyCode: ret.ReplyCode, ReplyText: ret.ReplyText})
		return queue
	}
	p.resolve(r, nil)
	return queue
}

// retryable fails the messages that used up their attempts with cause and
// returns the others.
func (p *Publisher) retryable(rs []*Receipt, cause error) []*Receipt {
	keep := rs[:0]
	for _, r := range rs {
		if r.attempts >= p.s.MaxAttempts {
			p.resolve(r, fmt.Errorf("%w: message %s after %d attempts", cause, r.msg.ID, r.attempts))
			continue
		}
		keep = append(keep, r)
	}
	return keep
}

// open dials (unless the connection survived) and opens a confirm-mode
// channel.
func (p *Publisher) open(ctx context.Context) (*pubSession, error) {
	conn := p.conn.Load()
	if conn == nil || conn.IsClosed() {
		var err error
		if conn, err = Dial(ctx, p.url, p.s.Name); err != nil {
			return nil, err
		}
	}
	p.conn.Store(conn)
	ch, err := channel(ctx, conn)
	if err == nil {
		err = ch.Confirm(false)
	}
	if err != nil {
		_ = conn.Close()
		p.conn.Store(nil)
		return nil, err
	}
	w := p.s.Window
	return &pubSession{
		ch: ch,
		// Buffers of Window entries never fill: at most Window messages are
		// unconfirmed, so amqp091-go's reader never waits on this loop.
		confirms:  ch.NotifyPublish(make(chan amqp.Confirmation, w)),
		returns:   ch.NotifyReturn(make(chan amqp.Return, w)),
		closed:    ch.NotifyClose(make(chan *amqp.Error, 1)),
		exchanges: map[string]bool{"": true},
	}, nil
}

// checkExchange makes sure name exists before the first publish to it on this
// channel. Publishing to a missing exchange makes the broker close the
// channel, which would otherwise look like a connection loss and be retried.
func (s *pubSession) checkExchange(name string) error {
	if s.exchanges[name] {
		return nil
	}
	err := s.ch.ExchangeDeclarePassive(name, amqp.ExchangeDirect, true, false, false, false, nil)
	var amqpErr *amqp.Error
	if errors.As(err, &amqpErr) && amqpErr.Code == amqp.NotFound {
		return fmt.Errorf("%w: %q: %w", ErrExchangeNotFound, name, err)
	}
	if err != nil {
		return err
	}
	s.exchanges[name] = true
	return nil
}

// drain hands every buffered notification to the callbacks without blocking.
func (s *pubSession) drain(confirm func(amqp.Confirmation), ret func(amqp.Return)) {
	s.drainReturns(ret)
	for {
		select {
		case c, ok := <-s.confirms:
			if !ok {
				return
			}
			s.drainReturns(ret)
			confirm(c)
		default:
			return
		}
	}
}

func (s *pubSession) drainReturns(ret func(amqp.Return)) {
	for {
		select {
		case r, ok := <-s.returns:
			if !ok {
				return
			}
			ret(r)
		default:
			return
		}
	}
}

// addReturn records a returned message until its ack arrives.
func addReturn(returned map[returnKey][]amqp.Return, r amqp.Return) {
	k := returnKey{r.MessageId, r.Exchange, r.RoutingKey}
	returned[k] = append(returned[k], r)
}
