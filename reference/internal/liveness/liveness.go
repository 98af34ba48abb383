// Package liveness lets fault tests wait for work to finish for as long as
// it makes progress. A test fails when the work stops moving for a whole
// stall window — the sign of a stuck relay or consumer — not when a fixed
// deadline passes on a slow or busy machine.
package liveness

import (
	"fmt"
	"time"
)

// Await calls remaining every poll until it returns 0. It returns an error
// when remaining has not gone down for stall, or when remaining fails.
func Await(poll, stall time.Duration, remaining func() (int, error)) error {
	left, err := remaining()
	if err != nil {
		return err
	}
	lastProgress := time.Now()
	for left > 0 {
		time.Sleep(poll)
		now, err := remaining()
		if err != nil {
			return err
		}
		if now < left {
			lastProgress = time.Now()
		}
		left = now
		if time.Since(lastProgress) > stall {
			return fmt.Errorf("no progress for %v with %d left: stuck", stall, left)
		}
	}
	return nil
}
