package breaker_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
)

// BenchmarkBreaker measures the overhead of one call through a breaker,
// beside sony/gobreaker/v2 in the same run. "passing" calls succeed and the
// breaker stays closed; "failing" calls fail, so the breaker opens at once and
// then rejects. goroutines=1 runs on one goroutine, the other on 32 per
// GOMAXPROCS with b.RunParallel. Both breakers use their default settings
// except for a long open timeout. The key=value names let benchstat put the
// two side by side: benchstat -col /impl.
func BenchmarkBreaker(b *testing.B) {
	const parallelism = 32
	type breakerFunc func(fail bool) func()
	ctx := context.Background()
	impls := []struct {
		name string
		new  breakerFunc
	}{
		{"skillcheck", func(fail bool) func() {
			cb := breaker.New(breaker.Settings{OpenTimeout: time.Hour})
			fn := func(context.Context) error { return nil }
			if fail {
				fn = func(context.Context) error { return errBoom }
			}
			return func() { _ = cb.Execute(ctx, fn) }
		}},
		{"gobreaker", func(fail bool) func() {
			cb := gobreaker.NewCircuitBreaker[struct{}](gobreaker.Settings{Timeout: time.Hour})
			fn := func() (struct{}, error) { return struct{}{}, nil }
			if fail {
				fn = func() (struct{}, error) { return struct{}{}, errBoom }
			}
			return func() { _, _ = cb.Execute(fn) }
		}},
	}
	for _, impl := range impls {
		for _, mode := range []string{"passing", "failing"} {
			b.Run("impl="+impl.name+"/calls="+mode+"/goroutines=1", func(b *testing.B) {
				call := impl.new(mode == "failing")
				b.ReportAllocs()
				for b.Loop() {
					call()
				}
			})
			b.Run(fmt.Sprintf("impl=%s/calls=%s/goroutines=%d", impl.name, mode, parallelism*runtime.GOMAXPROCS(0)), func(b *testing.B) {
				call := impl.new(mode == "failing")
				b.ReportAllocs()
				b.SetParallelism(parallelism)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						call()
					}
				})
			})
		}
	}
}
