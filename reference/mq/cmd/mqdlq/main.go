// Command mqdlq inspects and replays the dead-letter queue of a work queue
// declared with reference/mq/rabbitmq.Topology.
//
// Usage:
//
//	mqdlq [-url URL] -queue NAME inspect [-limit N] [-json]
//	mqdlq [-url URL] -queue NAME replay [-limit N] [-id ID]...
//
// inspect prints the dead letters and leaves them in the dead-letter queue,
// without requeueing them: each goes back to the tail as a confirmed copy.
// replay moves them back to the work queue (all, the first N, or those with
// the given message IDs), each only after the broker confirmed its copy. The
// URL defaults to $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672/.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/mq/rabbitmq"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mqdlq:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: mqdlq [-url URL] -queue NAME inspect [-limit N] [-json] | replay [-limit N] [-id ID ...]")

// ids collects repeated -id flags.
type ids []string

func (v *ids) String() string     { return strings.Join(*v, ",") }
func (v *ids) Set(s string) error { *v = append(*v, s); return nil }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	global := flag.NewFlagSet("mqdlq", flag.ContinueOnError)
	global.SetOutput(stderr)
	url := global.String("url", defaultURL(), "broker URL")
	queue := global.String("queue", "", "work queue whose dead letters to handle (required)")
	if err := global.Parse(args); err != nil {
		return errUsage
	}
	if *queue == "" || global.NArg() == 0 {
		return errUsage
	}
	if sub := global.Arg(0); sub != "inspect" && sub != "replay" {
		return errUsage
	}
	cmd := flag.NewFlagSet(global.Arg(0), flag.ContinueOnError)
	cmd.SetOutput(stderr)
	limit := cmd.Int("limit", 0, "most messages to look at (0: all)")
	asJSON := cmd.Bool("json", false, "inspect: print one JSON object per message")
	var only ids
	cmd.Var(&only, "id", "replay: message ID to replay (repeatable; default all)")
	if err := cmd.Parse(global.Args()[1:]); err != nil || cmd.NArg() > 0 {
		return errUsage
	}

	dialCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	conn, err := rabbitmq.Dial(dialCtx, *url, "mqdlq")
	if err != nil {
		return err
	}
	defer conn.Close()
	topo := rabbitmq.Topology{Queue: *queue}
	pub := rabbitmq.NewPublisher(*url, rabbitmq.PublisherSettings{Name: "mqdlq"})
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		err = errors.Join(err, pub.Close(closeCtx))
	}()

	if global.Arg(0) == "inspect" {
		dls, err := rabbitmq.InspectDeadLetters(ctx, conn, pub, topo, *limit)
		if err != nil {
			return err
		}
		return printDeadLetters(stdout, dls, *asJSON)
	}
	opts := rabbitmq.ReplayOptions{Limit: *limit}
	if len(only) > 0 {
		opts.Filter = func(dl rabbitmq.DeadLetter) bool { return slices.Contains(only, dl.MessageID) }
	}
	n, err := rabbitmq.ReplayDeadLetters(ctx, conn, pub, topo, opts)
	fmt.Fprintf(stdout, "replayed %d messages to %s\n", n, *queue)
	return err
}

func defaultURL() string {
	if u := os.Getenv("AMQP_URL"); u != "" {
		return u
	}
	return "amqp://guest:guest@127.0.0.1:5672/"
}

// record is the JSON form of a dead letter.
type record struct {
	MessageID      string `json:"message_id"`
	IdempotencyKey string `json:"idempotency_key"`
	Attempt        int    `json:"attempt"`
	Reason         string `json:"reason"`
	LastError      string `json:"last_error,omitempty"`
	ContentType    string `json:"content_type,omitempty"`
	Body           string `json:"body"`
}

func printDeadLetters(w io.Writer, dls []rabbitmq.DeadLetter, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, dl := range dls {
			if err := enc.Encode(record{dl.MessageID, dl.IdempotencyKey, dl.Attempt, dl.Reason,
				dl.LastError, dl.ContentType, string(dl.Body)}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MESSAGE ID\tATTEMPT\tREASON\tLAST ERROR\tBODY")
	for _, dl := range dls {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", dl.MessageID, dl.Attempt, dl.Reason,
			dl.LastError, preview(dl.Body))
	}
	return tw.Flush()
}

// preview quotes the start of a body for one table cell.
func preview(body []byte) string {
	const limit = 40
	if len(body) > limit {
		return strconv.Quote(string(body[:limit])) + "…"
	}
	return strconv.Quote(string(body))
}
