package saga_test

import (
	"testing"

	"github.com/skillcheck-dev/skillcheck/reference/saga"
	"github.com/skillcheck-dev/skillcheck/reference/saga/internal/sagatest"
)

func TestMemoryLog(t *testing.T) {
	sagatest.TestLog(t, saga.NewMemoryLog())
}

func TestMemoryLogConcurrentClaims(t *testing.T) {
	sagatest.TestConcurrentClaims(t, saga.NewMemoryLog())
}

func TestMemoryLogDue(t *testing.T) {
	sagatest.TestDue(t, saga.NewMemoryLog())
}
