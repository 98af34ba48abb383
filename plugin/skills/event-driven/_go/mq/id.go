package mq

import (
	"crypto/rand"
	"sync/atomic"
)

// idAlphabet is the alphabet of crypto/rand.Text: base32 without padding.
const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

var (
	// idPrefix is 16 random characters (80 bits), drawn once per process:
	// two processes share it with negligible odds.
	idPrefix = rand.Text()[:16]
	// idCount numbers the IDs of this process.
	idCount atomic.Uint64
)

// NewID returns a new message ID of 26 characters: a prefix of 80 random
// bits drawn once per process, then a 50-bit count of the IDs the process
// made. IDs are unique across calls and, with overwhelming odds, across
// processes; they are not secret. Consecutive IDs differ only in their last
// characters, so a batch of them costs little to compress, unlike 26 random
// characters each.
func NewID() string { return formatID(idCount.Add(1)) }

// formatID is the ID with count n.
func formatID(n uint64) string {
	var b [26]byte
	copy(b[:], idPrefix)
	for i := 25; i >= 16; i-- {
		b[i] = idAlphabet[n&31]
		n >>= 5
	}
	return string(b[:])
}
