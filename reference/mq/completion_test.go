package mq_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/reference/mq"
)

func TestCompletionWaitersSeeTheFirstOutcome(t *testing.T) {
	var c mq.Completion
	assert.NoError(t, c.Err(), "pending")
	select {
	case <-c.Done():
		t.Fatal("Done is closed before the outcome")
	default:
	}

	boom := errors.New("nacked")
	var wg sync.WaitGroup
	got := make([]error, 8)
	for i := range got {
		wg.Go(func() {
			ok, err := c.Wait(context.Background())
			assert.True(t, ok)
			got[i] = err
		})
	}
	c.Complete(boom)
	c.Complete(nil) // too late: the first outcome stands
	wg.Wait()
	for _, err := range got {
		assert.ErrorIs(t, err, boom)
	}
	<-c.Done()
	assert.ErrorIs(t, c.Err(), boom)
}

func TestCompletionDoneAskedAfterTheOutcomeIsClosed(t *testing.T) {
	var c mq.Completion
	c.Complete(nil)
	select {
	case <-c.Done():
	default:
		t.Fatal("Done asked for after the outcome must be closed")
	}
	ok, err := c.Wait(context.Background())
	assert.True(t, ok)
	assert.NoError(t, err)
}

func TestCompletionWaitEndsWithItsContext(t *testing.T) {
	var c mq.Completion
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	ok, err := c.Wait(ctx)
	assert.False(t, ok)
	require.NoError(t, err)
	c.Complete(nil) // completing after a waiter gave up is fine
	ok, _ = c.Wait(context.Background())
	assert.True(t, ok)
}
