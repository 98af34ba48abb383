module github.com/skillcheck-dev/skillcheck/benchmarks

go 1.26.0

require github.com/skillcheck-dev/skillcheck/reference v0.0.0-00010101000000-000000000000

require (
	github.com/bits-and-blooms/bitset v1.24.4 // indirect
	github.com/failsafe-go/failsafe-go v0.9.8
	github.com/influxdata/tdigest v0.0.1 // indirect
)

// Benchmarks of the reference code beside its peers, whose dependencies stay
// out of the reference module's graph.
replace github.com/skillcheck-dev/skillcheck/reference => ../reference
