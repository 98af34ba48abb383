package breaker

import "errors"

// State is the state of a Breaker.
type State uint8

const (
	// StateClosed lets every call through and records outcomes.
	StateClosed State = iota
	// StateHalfOpen admits a limited number of probe calls.
	StateHalfOpen
	// StateOpen rejects every call.
	StateOpen
)

// String returns "closed", "half-open" or "open".
func (s State) String() string {
	switch s {
	case StateClosed:
		return "closed"
	case StateHalfOpen:
		return "half-open"
	case StateOpen:
		return "open"
	}
	return "unknown"
}

var (
	// ErrOpen is returned for calls rejected by an open breaker.
	ErrOpen = errors.New("breaker: circuit open")
	// ErrTooManyProbes is returned for calls rejected by a half-open breaker
	// because all its probe slots are taken.
	ErrTooManyProbes = errors.New("breaker: half-open, too many probes")
)
