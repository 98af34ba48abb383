package breaker_test

import (
	"context"
	"testing"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/skillcheck-dev/skillcheck/reference/rest/breaker"
)

// BenchmarkBreaker measures the overhead of one call through a breaker,
// beside sony/gobreaker/v2 in the same run. "passing" calls succeed and the
// breaker stays closed; "failing" calls fail, so the breaker opens at once and
// then rejects. "serial" runs on one goroutine, "parallel" on 32 per core.
// Both breakers use their default settings except for a long open timeout.
func BenchmarkBreaker(b *testing.B) {
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
			b.Run(impl.name+"/"+mode+"/serial", func(b *testing.B) {
				call := impl.new(mode == "failing")
				b.ReportAllocs()
				for b.Loop() {
					call()
				}
			})
			b.Run(impl.name+"/"+mode+"/parallel", func(b *testing.B) {
				call := impl.new(mode == "failing")
				b.ReportAllocs()
				b.SetParallelism(32)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						call()
					}
				})
			})
		}
	}
}
