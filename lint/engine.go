package lint

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/body"
	"github.com/skillcheck-dev/skillcheck/lint/checks/directives"
	"github.com/skillcheck-dev/skillcheck/lint/config"
	"github.com/skillcheck-dev/skillcheck/lint/internal/discover"
	"github.com/skillcheck-dev/skillcheck/lint/internal/suppress"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

type group struct {
	cfg   *config.Config
	paths []string
}

// groupByConfig finds the configuration of each path and groups paths that
// share one, in the order given.
func groupByConfig(opts Options) ([]group, error) {
	var groups []group
	index := map[string]int{}
	for _, p := range opts.Paths {
		cfg := opts.Config
		key := "explicit"
		if cfg == nil {
			found, err := config.Find(p)
			if err != nil {
				return nil, err
			}
			key = found
			if found == "" {
				cfg = config.Default()
			} else if cfg, err = config.Load(found, opts.Rules); err != nil {
				return nil, err
			}
		}
		if i, ok := index[key]; ok {
			groups[i].paths = append(groups[i].paths, p)
			continue
		}
		index[key] = len(groups)
		groups = append(groups, group{cfg: withOptions(cfg, opts), paths: []string{p}})
	}
	return groups, nil
}

// withOptions returns cfg with the run's own settings applied.
func withOptions(cfg *config.Config, opts Options) *config.Config {
	c := *cfg
	if opts.Profile != "" {
		c.Profile = opts.Profile
	}
	if opts.MaxFileSize > 0 {
		c.MaxFileSize = opts.MaxFileSize
	}
	switch {
	case opts.SkillTimeout > 0:
		c.SkillTimeout = opts.SkillTimeout
	case opts.SkillTimeout < 0:
		c.SkillTimeout = 0
	}
	c.Overrides = append(slices.Clip(c.Overrides), opts.Overrides...)
	return &c
}

// engine lints the paths of one configuration.
type engine struct {
	cfg    *config.Config
	opts   Options
	rules  analysis.Set
	jobs   int
	active []*analysis.Rule
	sev    map[*analysis.Rule]analysis.Severity
	// batches are the run's batches, one of each kind an active rule reads,
	// in the order of the rules.
	batches []batch

	mu       sync.Mutex
	internal []error
	// deferred are skills whose batch rules wait for their batches.
	deferred []*pendingSkill
	// folders are the skill folders of the plugins that hold skills, by
	// plugin root (see skillFolders).
	folders map[string]manifest.SkillFolders
}

// batch is one batch of a run and its kind.
type batch struct {
	kind *analysis.BatchKind
	analysis.Batch
}

// pendingSkill is a linted skill whose batch rules, and then directives, run
// once its batches are done.
type pendingSkill struct {
	seq    int // the order in which the walk found it
	s      *skill.Skill
	diags  []analysis.Diagnostic
	shared *analysis.Shared
	kinds  []*analysis.BatchKind // the batches that took the skill
}

func newEngine(opts Options, cfg *config.Config) *engine {
	e := &engine{cfg: cfg, opts: opts, rules: opts.Rules, jobs: opts.Jobs, sev: map[*analysis.Rule]analysis.Severity{}}
	if e.jobs <= 0 {
		e.jobs = runtime.GOMAXPROCS(0)
	}
	runOpts := analysis.RunOptions{Tests: opts.Tests, StrictCode: cfg.StrictCode, CacheDir: opts.CodeCache, Timeout: opts.CodeTimeout, TestTimeout: opts.TestTimeout, GoCommand: opts.GoCommand, Offline: opts.Offline}
	for _, r := range opts.Rules {
		sev := cfg.Severity(r)
		e.sev[r] = sev
		if sev <= analysis.Off || opts.Fast && r.Slow {
			continue
		}
		e.active = append(e.active, r)
		if r.Batch != nil && !slices.ContainsFunc(e.batches, func(b batch) bool { return b.kind == r.Batch }) {
			e.batches = append(e.batches, batch{r.Batch, r.Batch.New(runOpts)})
		}
	}
	return e
}

func (e *engine) run(ctx context.Context, paths []string, res *Result) ([]analysis.Diagnostic, error) {
	// diags are what run returns: everything, or what OnSkill is not handed.
	var diags []analysis.Diagnostic
	q := newSequencer(window, func(r SkillResult) {
		if e.opts.OnSkill == nil {
			diags = append(diags, r.Diagnostics...)
			return
		}
		res.hand(r.Diagnostics)
		e.opts.OnSkill(r)
	})
	// Skills are linted on e.jobs workers while the walk goes on; a queue of
	// some length lets the walk run ahead without waking a worker per skill
	// (1.46 s to 1.35 s, median of six, on a 10,000-skill run).
	type job struct {
		seq int
		sd  *layout.SkillDir
	}
	work := make(chan job, 64*e.jobs)
	var wg sync.WaitGroup
	for w := 0; w < e.jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				q.finish(j.seq, e.lintSkill(j.seq, j.sd))
			}
		}()
	}
	found, err := discover.Walk(ctx, paths, discover.Options{
		Exclude: func(p string, _ bool) bool { return e.cfg.Excluded(p) },
		OnSkill: func(sd *layout.SkillDir) { work <- job{q.add(), sd} },
	})
	close(work)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	res.Skills += len(found.Skills)
	res.Plugins += len(found.Plugins)
	res.Marketplaces += len(found.Markets)

	var other []analysis.Diagnostic
	collect := func(d analysis.Diagnostic) { other = append(other, d) }
	for _, r := range e.active {
		if r.Layout != nil {
			e.guard(r, "", func() { r.Layout(e.pass(r, collect, nil), found) })
		}
	}
	for _, root := range found.Plugins {
		pl := manifest.LoadPlugin(root, e.cfg.MaxFileSize, e.opts.Overlay)
		for _, r := range e.active {
			if r.Plugin != nil {
				e.guard(r, root, func() { r.Plugin(e.pass(r, collect, nil), pl) })
			}
		}
	}
	for _, root := range found.Markets {
		m := manifest.LoadMarketplace(root, e.cfg.MaxFileSize, e.opts.Overlay)
		for _, r := range e.active {
			if r.Marketplace != nil {
				e.guard(r, root, func() { r.Marketplace(e.pass(r, collect, nil), m) })
			}
		}
	}
	for _, c := range found.Components {
		cf := component.Load(c, e.cfg.MaxFileSize)
		for _, r := range e.active {
			if r.Component != nil {
				e.guard(r, c.Path, func() { r.Component(e.pass(r, collect, nil), cf) })
			}
		}
	}
	e.finishBatches(ctx, q.hand)
	diags = append(diags, e.result("", other).Diagnostics...)
	res.Internal = append(res.Internal, e.internal...)
	return diags, nil
}

// result is the part of the run at dir: diags sorted, each carrying the
// configuration's fail-on threshold.
func (e *engine) result(dir string, diags []analysis.Diagnostic) *SkillResult {
	for i := range diags {
		diags[i].FailOn = e.cfg.FailOn
	}
	return &SkillResult{Dir: dir, Diagnostics: sortDiagnostics(diags)}
}

// finishBatches runs the batches on what the skills handed them, then each
// waiting skill's batch rules, and applies its directives; it hands the
// skills out in the order they were found.
func (e *engine) finishBatches(ctx context.Context, hand func(SkillResult)) {
	if len(e.deferred) == 0 {
		return
	}
	for _, b := range e.batches {
		b.Run(ctx)
	}
	slices.SortFunc(e.deferred, func(a, b *pendingSkill) int { return a.seq - b.seq })
	for _, p := range e.deferred {
		collect := capped(p.s, func(d analysis.Diagnostic) { p.diags = append(p.diags, d) })
		for _, r := range e.active {
			if r.Batch != nil && slices.Contains(p.kinds, r.Batch) {
				e.guard(r, p.s.Dir, func() { r.Skill(e.pass(r, collect, p.shared), p.s) })
			}
		}
		hand(*e.result(p.s.Dir, e.suppress(p.s, p.diags)))
	}
	e.deferred = nil
}

// pass returns a pass of rule r reporting to report; the passes of one
// skill's rules share shared (nil for checks of anything else).
func (e *engine) pass(r *analysis.Rule, report func(analysis.Diagnostic), shared *analysis.Shared) *analysis.Pass {
	return analysis.NewPass(r, analysis.Settings{Profile: e.cfg.Profile, StrictCode: e.cfg.StrictCode}, e.sev[r], report, shared)
}

// guard runs a check, turning a panic into an internal error.
func (e *engine) guard(r *analysis.Rule, where string, check func()) {
	defer func() {
		if p := recover(); p != nil {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.internal = append(e.internal, fmt.Errorf("rule %s panicked on %s: %v\n%s", r.ID, where, p, debug.Stack()))
		}
	}()
	check()
}

// lintSkill lints one skill within the configuration's time budget. When
// the budget runs out, the skill gets one SK223 finding naming the check that
// was running, and the run goes on; the check goes on in the background
// until it returns, and what it finds is dropped.
// A nil result is a skill whose batch rules wait for their batches.
func (e *engine) lintSkill(seq int, sd *layout.SkillDir) *SkillResult {
	if e.cfg.SkillTimeout <= 0 {
		return e.checkSkill(seq, sd, &skillRun{})
	}
	run := &skillRun{}
	done := make(chan *SkillResult, 1)
	go func() { done <- e.checkSkill(seq, sd, run) }()
	timer := time.NewTimer(e.cfg.SkillTimeout)
	defer timer.Stop()
	select {
	case diags := <-done:
		return diags
	case <-timer.C:
		if !run.state.CompareAndSwap(running, abandoned) {
			return <-done // it finished just now
		}
	}
	r := body.SkillTimeBudget
	if e.sev[r] <= analysis.Off {
		return e.result(sd.Dir, nil)
	}
	stage := "reading and parsing its files"
	if slow := run.stage.Load(); slow != nil {
		stage = slow.ID + " " + slow.Alias
	}
	var out []analysis.Diagnostic
	e.pass(r, func(d analysis.Diagnostic) { out = append(out, d) }, nil).ReportPath(sd.File,
		"the skill's checks did not finish within %s (%s was running): its findings are not reported; see `skillcheck explain SK223`",
		e.cfg.SkillTimeout, stage)
	return e.result(sd.Dir, out)
}

// skillRun is the state of one skill's checks that the time budget watches.
type skillRun struct {
	state atomic.Int32                  // running, finished or abandoned
	stage atomic.Pointer[analysis.Rule] // the check running now; nil while loading
}

// States of a skillRun.
const (
	running int32 = iota
	finished
	abandoned
)

// checkSkill loads the skill and runs its checks; it hands the skill to the
// toolchain checks only while the run has not been abandoned.
func (e *engine) checkSkill(seq int, sd *layout.SkillDir, run *skillRun) *SkillResult {
	s := skill.Load(sd, skill.Options{MaxFileSize: e.cfg.MaxFileSize, Budget: e.budget(), Overlay: e.opts.Overlay})
	s.PluginRoot = sd.Plugin
	s.OutsidePlugin = sd.Plugin != "" && !sd.Declared && !e.skillFolders(sd.Plugin).Loads(sd.Dir)
	var diags []analysis.Diagnostic
	collect := capped(s, func(d analysis.Diagnostic) { diags = append(diags, d) })
	shared := analysis.NewShared()
	for _, r := range e.active {
		if r.Skill == nil || r.Batch != nil || !s.Readable() && !r.Input {
			continue
		}
		run.stage.Store(r)
		e.guard(r, sd.Dir, func() { r.Skill(e.pass(r, collect, shared), s) })
	}
	if !run.state.CompareAndSwap(running, finished) {
		return nil // over budget: the finding is reported already
	}
	var kinds []*analysis.BatchKind
	for _, b := range e.batches {
		if b.Add(s) {
			shared.SetBatch(b.kind, b.Batch)
			kinds = append(kinds, b.kind)
		}
	}
	if len(kinds) > 0 {
		e.mu.Lock()
		e.deferred = append(e.deferred, &pendingSkill{seq: seq, s: s, diags: diags, shared: shared, kinds: kinds})
		e.mu.Unlock()
		return nil
	}
	return e.result(sd.Dir, e.suppress(s, diags))
}

// suppress drops the diagnostics that inline directives cover and reports
// malformed and unused directives.
func (e *engine) suppress(s *skill.Skill, diags []analysis.Diagnostic) []analysis.Diagnostic {
	var set suppress.Set
	if s.Readable() {
		set.Read(s.Body, s.Header.Start, s.Header.End, e.rules)
	}
	for _, rel := range sortedKeys(s.Docs) {
		set.Read(s.Docs[rel], 0, 0, e.rules)
	}
	if len(set.Directives) == 0 && len(set.Problems) == 0 {
		return diags
	}
	kept := diags[:0]
	for _, d := range diags {
		if !set.Suppressed(d) {
			kept = append(kept, d)
		}
	}
	collect := func(d analysis.Diagnostic) { kept = append(kept, d) }
	if r := directives.Malformed; e.sev[r] > analysis.Off {
		p := e.pass(r, collect, nil)
		for _, prob := range set.Problems {
			p.Reportf(prob.File, prob.Offset, "%s", prob.Message)
		}
	}
	if r := directives.Unused; e.sev[r] > analysis.Off {
		p := e.pass(r, collect, nil)
		for _, d := range set.Directives {
			if !d.Used() && e.anyActive(d.Rules) {
				p.Reportf(d.File, d.Offset, "directive suppresses nothing (%s): remove it", strings.Join(d.Names, ", "))
			}
		}
	}
	return kept
}

// budget is the budget of a skill folder: the default, unless the rule that
// reports folders over it is off, in which case every file is checked.
func (e *engine) budget() skill.Budget {
	if e.sev[body.FolderTooLarge] <= analysis.Off {
		return skill.Budget{}
	}
	return skill.DefaultBudget
}

// anyActive reports whether a rule is enabled; a directive for rules the
// configuration turns off is not reported as unused.
func (e *engine) anyActive(rs []*analysis.Rule) bool {
	for _, r := range rs {
		if e.sev[r] > analysis.Off {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// skillFolders returns the folders the plugin at root loads skills from,
// its manifest read once per run (only the folders are kept: an
// aggregation holds thousands of plugins).
func (e *engine) skillFolders(root string) manifest.SkillFolders {
	e.mu.Lock()
	defer e.mu.Unlock()
	if f, ok := e.folders[root]; ok {
		return f
	}
	if e.folders == nil {
		e.folders = map[string]manifest.SkillFolders{}
	}
	f := manifest.LoadPlugin(root, e.cfg.MaxFileSize, e.opts.Overlay).SkillFolders()
	e.folders[root] = f
	return f
}

// capped wraps collect for the findings of skill s: those of a skill that
// its plugin never loads (documentation, a copy kept for people) are
// warnings at most, since Claude Code does not read it as a skill.
func capped(s *skill.Skill, collect func(analysis.Diagnostic)) func(analysis.Diagnostic) {
	if !s.OutsidePlugin {
		return collect
	}
	return func(d analysis.Diagnostic) {
		d.Severity = min(d.Severity, analysis.Warning)
		collect(d)
	}
}
