package lint

import (
	"slices"
	"sync"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// SkillResult is one skill's part of a run, handed to Options.OnSkill.
type SkillResult struct {
	// Dir is the skill folder, as the diagnostics show it.
	Dir string
	// Diagnostics are the skill's findings, sorted as Result.Diagnostics.
	Diagnostics []analysis.Diagnostic
}

// window is how many skills a run may have found and not handed out yet:
// the skills that finish while an earlier one is still being checked wait,
// with their diagnostics, until it is done.
const window = 1024

// sequencer hands skills out in the order they were found, as they finish.
type sequencer struct {
	slots chan struct{} // one per skill found and not handed out
	found int           // skills found; only the walk writes it
	hand  func(SkillResult)

	mu   sync.Mutex
	next int                  // the next skill to hand out
	done map[int]*SkillResult // finished skills waiting for earlier ones
}

// newSequencer returns a sequencer that holds back at most size skills.
func newSequencer(size int, hand func(SkillResult)) *sequencer {
	return &sequencer{slots: make(chan struct{}, size), hand: hand, done: map[int]*SkillResult{}}
}

// add numbers the next skill found, waiting while the sequencer holds as
// many as it may.
func (q *sequencer) add() int {
	q.slots <- struct{}{}
	q.found++
	return q.found - 1
}

// finish records the result of skill seq and hands out every result that
// no earlier skill holds back, one call at a time. A nil result is a skill
// handed out later (after the batches it waits for).
func (q *sequencer) finish(seq int, r *SkillResult) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.done[seq] = r
	for {
		r, ok := q.done[q.next]
		if !ok {
			return
		}
		delete(q.done, q.next)
		q.next++
		<-q.slots
		if r != nil {
			q.hand(*r)
		}
	}
}

// sortDiagnostics sorts diagnostics and drops duplicates, as Result has them.
func sortDiagnostics(diags []analysis.Diagnostic) []analysis.Diagnostic {
	slices.SortFunc(diags, analysis.Compare)
	return slices.CompactFunc(diags, func(a, b analysis.Diagnostic) bool { return analysis.Compare(a, b) == 0 })
}
