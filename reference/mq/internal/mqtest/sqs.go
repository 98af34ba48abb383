package mqtest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Admiral-Piett/goaws/app/gosqs"
	"github.com/Admiral-Piett/goaws/app/models"
	"github.com/Admiral-Piett/goaws/app/router"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/skillcheck-dev/skillcheck/reference/internal/testenv"
)

// SQSServer is the in-process SQS-compatible server (goaws) the tests use
// when SQS_ENDPOINT is not set. goaws keeps its queues in process-wide
// state, so there is one per test binary; Down and Up stop and restart its
// listener on the same port, keeping the queues.
type SQSServer struct {
	addr string
	mu   sync.Mutex
	srv  *http.Server
}

var (
	sqsOnce   sync.Once
	sqsServer *SQSServer
	sqsErr    error
)

// SQS returns an SQS client for the test and, when it runs against the
// in-process goaws server, that server (nil for a real endpoint).
//
// With SQS_ENDPOINT set (and AWS_REGION, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY), the client talks to that endpoint, real SQS
// included. Otherwise goaws (github.com/Admiral-Piett/goaws) serves on a
// loopback port inside the test process.
func SQS(t testing.TB) (*sqs.Client, *SQSServer) {
	t.Helper()
	if ep := os.Getenv("SQS_ENDPOINT"); ep != "" {
		region := os.Getenv("AWS_REGION")
		if region == "" {
			region = "us-east-1"
		}
		if !reachable(ep) {
			msg := "SQS_ENDPOINT %s unreachable; unset it to use the in-process goaws server"
			if testenv.Required() {
				t.Fatalf(msg, ep)
			}
			t.Skipf(msg, ep)
		}
		return sqs.New(sqs.Options{BaseEndpoint: aws.String(ep), Region: region,
			Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"),
					SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"), SessionToken: os.Getenv("AWS_SESSION_TOKEN")}, nil
			})}), nil
	}
	sqsOnce.Do(func() { sqsServer, sqsErr = startGoaws() })
	if sqsErr != nil {
		t.Fatal(sqsErr)
	}
	return SQSClient(sqsServer.URL()), sqsServer
}

// SQSClient returns a client for the goaws server (or a proxy in front of
// it) at endpoint, with dummy credentials.
func SQSClient(endpoint string) *sqs.Client {
	return sqs.New(sqs.Options{BaseEndpoint: aws.String(endpoint), Region: "us-east-1",
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, nil
		})})
}

func reachable(endpoint string) bool {
	req, err := http.NewRequest(http.MethodGet, endpoint, nil)
	if err != nil {
		return false
	}
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return true
}

func startGoaws() (*SQSServer, error) {
	logrus.SetLevel(logrus.ErrorLevel)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	models.CurrentEnvironment = models.Environment{Host: "127.0.0.1", Port: port, AccountID: "100010001000",
		EnableDuplicates: true} // FIFO deduplication on, as on SQS
	go gosqs.PeriodicTasks(time.Second, make(chan bool)) // visibility timeouts, redrive, dedup window
	s := &SQSServer{addr: ln.Addr().String()}
	s.serve(ln)
	return s, nil
}

func (s *SQSServer) serve(ln net.Listener) {
	srv := &http.Server{Handler: &queueLock{next: router.New()}}
	s.srv = srv
	go func() { _ = srv.Serve(ln) }()
}

// URL is the server's endpoint.
func (s *SQSServer) URL() string { return "http://" + s.addr }

// Port is the server's port.
func (s *SQSServer) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

// Down closes the listener and every connection: clients get connection
// refused until Up.
func (s *SQSServer) Down() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		_ = s.srv.Close()
		s.srv = nil
	}
}

// Up listens again on the same port.
func (s *SQSServer) Up() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return nil
	}
	var ln net.Listener
	var err error
	for range 50 { // the port may linger for a moment
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			s.serve(ln)
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.Join(errors.New("goaws: listen again"), err)
}

// queueLock orders the requests to goaws: goaws reads its map of queues
// without a lock in several actions (ReceiveMessage among them) while
// CreateQueue and DeleteQueue write it under one, a data race that the race
// detector reported when one test's cleanup deleted its queues as another
// receive began. The actions that change the set of queues hold this lock
// alone; every other request shares it. (goaws ends a long poll when its
// client goes away, so a writer waits at most for the polls in flight.)
type queueLock struct {
	mu   sync.RWMutex
	next http.Handler
}

func (q *queueLock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch sqsAction(r) {
	case "CreateQueue", "DeleteQueue":
		q.mu.Lock()
		defer q.mu.Unlock()
	default:
		q.mu.RLock()
		defer q.mu.RUnlock()
	}
	q.next.ServeHTTP(w, r)
}

// sqsAction is a request's action: from the X-Amz-Target header of the JSON
// protocol ("AmazonSQS.CreateQueue"), else from the query string.
func sqsAction(r *http.Request) string {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		return t[strings.LastIndexByte(t, '.')+1:]
	}
	return r.URL.Query().Get("Action")
}
