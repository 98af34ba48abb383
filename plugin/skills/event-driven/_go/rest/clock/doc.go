// Package clock is the time source of the REST reference packages.
//
// The circuit breaker and the retry policy read the time and wait through a
// [Clock], so that tests can replace the system clock with a [Fake] and never
// sleep for real. [System] is the clock of production code; a nil Clock in the
// settings of the other packages means System.
package clock
