// Package testenv finds the services that integration tests talk to.
//
// Each function reads an environment variable with a loopback default, checks
// that something listens there, and returns the address. When nothing does, the
// test is skipped with a message that says how to start the service, unless
// REQUIRE_SERVICES=1 is set (as .ci/run does): then the test fails.
package testenv

import (
	"net"
	"net/url"
	"os"
	"testing"
	"time"
)

// service describes one external service an integration test may need.
type service struct {
	env      string // environment variable that overrides the address
	fallback string // loopback default
	start    string // how to start it on a Debian machine
}

var (
	rabbitMQ = service{
		env:      "AMQP_URL",
		fallback: "amqp://guest:guest@127.0.0.1:5672/",
		start:    "rabbitmq-server -detached",
	}
	postgres = service{
		env:      "DATABASE_URL",
		fallback: "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
		start:    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
	}
	nats = service{
		env:      "NATS_URL",
		fallback: "nats://127.0.0.1:4222",
		start:    "nats-server -a 127.0.0.1 -p 4222 -js",
	}
)

// AMQPURL returns the URL of a RabbitMQ broker (AMQP_URL, default
// amqp://guest:guest@127.0.0.1:5672/).
func AMQPURL(t testing.TB) string { return rabbitMQ.require(t) }

// PostgresURL returns the URL of a PostgreSQL database (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test).
func PostgresURL(t testing.TB) string { return postgres.require(t) }

// NATSURL returns the URL of a NATS server with JetStream (NATS_URL, default
// nats://127.0.0.1:4222).
func NATSURL(t testing.TB) string { return nats.require(t) }

// Required reports whether REQUIRE_SERVICES=1 asks for unreachable services to
// fail tests instead of skipping them.
func Required() bool { return os.Getenv("REQUIRE_SERVICES") == "1" }

func (s service) require(t testing.TB) string {
	t.Helper()
	raw := os.Getenv(s.env)
	if raw == "" {
		raw = s.fallback
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		t.Fatalf("%s=%q is not a URL with a host: %v", s.env, raw, err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 2*time.Second)
	if err != nil {
		msg := "%s unreachable at %s (%v); start it with `%s` or set %s"
		if Required() {
			t.Fatalf(msg, s.env, u.Host, err, s.start, s.env)
		}
		t.Skipf(msg, s.env, u.Host, err, s.start, s.env)
	}
	_ = conn.Close()
	return raw
}

// FaultRun marks a long fault-injection run (thousands of messages through
// cut connections and killed processes). It is skipped with -short, the
// quick test command, and always runs in .ci/run.
func FaultRun(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("a fault run: skipped with -short; .ci/run runs it")
	}
}
