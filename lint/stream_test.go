package lint

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/internal/corpus"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// TestSequencerHandsOutInOrder finishes skills on several goroutines, in
// whatever order they get to them: they are handed out in the order they
// were added, one at a time, and never more than the window are held.
func TestSequencerHandsOutInOrder(t *testing.T) {
	const n, size = 5000, 16
	var got []string
	var mu sync.Mutex
	var q *sequencer
	waiting := 0 // the most skills seen waiting for an earlier one
	q = newSequencer(size, func(r SkillResult) {
		require.True(t, mu.TryLock(), "one call at a time")
		got = append(got, r.Dir)
		waiting = max(waiting, len(q.done))
		mu.Unlock()
	})
	work := make(chan int, size)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 0))
			for seq := range work {
				for range rng.IntN(3) {
					runtime.Gosched() // let others overtake
				}
				if seq%10 == 3 {
					q.finish(seq, nil) // handed out later
				} else {
					q.finish(seq, &SkillResult{Dir: fmt.Sprint(seq)})
				}
			}
		}()
	}
	for range n {
		seq := q.add()
		assert.LessOrEqual(t, len(q.slots), size)
		work <- seq
	}
	close(work)
	wg.Wait()
	var want []string
	for i := range n {
		if i%10 != 3 {
			want = append(want, fmt.Sprint(i))
		}
	}
	assert.Equal(t, want, got)
	assert.Empty(t, q.done)
	assert.Positive(t, waiting, "skills finished out of order")
}

// TestOnSkillHandsOutWhatRunReturns lints a generated pack with OnSkill:
// skills come in the same order whatever the number of workers, each with
// its diagnostics sorted, and together with Result.Diagnostics they are
// exactly what Run returns without OnSkill.
func TestOnSkillHandsOutWhatRunReturns(t *testing.T) {
	dir := t.TempDir()
	_, err := corpus.Generate(dir, 300, 7)
	require.NoError(t, err)
	want, err := Run(context.Background(), Options{Paths: []string{dir}, Fast: true})
	require.NoError(t, err)
	require.NotEmpty(t, want.Diagnostics)

	var order []string
	for _, jobs := range []int{1, 2, 7} {
		var dirs []string
		var all []analysis.Diagnostic
		res, err := Run(context.Background(), Options{Paths: []string{dir}, Fast: true, Jobs: jobs, OnSkill: func(r SkillResult) {
			dirs = append(dirs, r.Dir)
			assert.True(t, slices.IsSortedFunc(r.Diagnostics, analysis.Compare), r.Dir)
			all = append(all, r.Diagnostics...)
		}})
		require.NoError(t, err)
		assert.Len(t, dirs, 300)
		if order == nil {
			order = dirs
		}
		assert.Equal(t, order, dirs, "the same order with %d workers", jobs)
		for _, d := range res.Diagnostics {
			assert.NotEqual(t, "SK203", d.Rule.ID, "skill findings are handed out, not kept")
		}
		all = sortDiagnostics(append(all, res.Diagnostics...))
		assert.Equal(t, want.Diagnostics, all)
		assert.Equal(t, want.Failed(""), res.Failed(""))
		assert.Equal(t, want.Failed(analysis.FailOnWarning), res.Failed(analysis.FailOnWarning))
		assert.Equal(t, want.Skills, res.Skills)
	}
}
