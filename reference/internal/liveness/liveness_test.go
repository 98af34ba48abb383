package liveness

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestAwaitReturnsWhenDone(t *testing.T) {
	left := 5
	err := Await(time.Millisecond, time.Second, func() (int, error) { left--; return max(left, 0), nil })
	if err != nil {
		t.Fatal(err)
	}
}

func TestAwaitFailsWhenStuck(t *testing.T) {
	err := Await(time.Millisecond, 20*time.Millisecond, func() (int, error) { return 3, nil })
	if err == nil || !strings.Contains(err.Error(), "no progress for 20ms with 3 left") {
		t.Fatalf("got %v", err)
	}
}

func TestAwaitPassesErrorsOn(t *testing.T) {
	boom := errors.New("boom")
	if err := Await(time.Millisecond, time.Second, func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
}
