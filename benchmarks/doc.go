// Package benchmarks holds no code: its module measures the reference
// packages beside the libraries they are compared with (failsafe-go), so that
// those libraries never enter the reference module's graph.
package benchmarks
