// Package lint is skillcheck's engine, usable as a Go library: it finds the
// skills, plugins and marketplaces under the paths it is given, loads each
// skill in parallel, runs the rules of the configured profile, applies inline
// suppressions and returns the diagnostics in a stable order.
//
//	res, err := lint.Run(ctx, lint.Options{Paths: []string{"skills"}})
//	for _, d := range res.Diagnostics {
//		fmt.Println(d)
//	}
package lint

import (
	"context"
	"time"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
	"github.com/skillcheck-dev/skillcheck/lint/config"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Options say what to lint and how.
type Options struct {
	// Paths are skill folders, folders of skills, plugin or marketplace roots,
	// or whole repositories. Empty means ".".
	Paths []string
	// Config, when set, is used for every path instead of the
	// .skillcheck.yaml found upward from each path.
	Config *config.Config
	// Profile, when set, overrides the configuration's profile.
	Profile analysis.Profile
	// Overrides are applied after the configuration's (e.g. from flags).
	Overrides []config.Override
	// MaxFileSize, when positive, overrides the configuration's limit.
	MaxFileSize int64
	// Rules is the rule set; nil means checks.All().
	Rules analysis.Set
	// Jobs is how many skills are linted at once; 0 means one per CPU.
	Jobs int
	// Fast skips the slow checks: those that start other programs or the Go
	// toolchain (for editors and pre-commit hooks).
	Fast bool
	// Tests runs the tests of the reference packages skills name in
	// metadata.reference.
	Tests bool
	// CodeCache is where Go check results are cached: "" for the user cache
	// directory, "-" for no cache.
	CodeCache string
	// CodeTimeout bounds the Go toolchain's work (toolchain.DefaultTimeout
	// when 0).
	CodeTimeout time.Duration
	// TestTimeout bounds the reference tests (toolchain.DefaultTestTimeout
	// when 0).
	TestTimeout time.Duration
	// GoCommand is the go command to run ("" looks up "go" on the PATH).
	GoCommand string
	// Offline keeps the Go toolchain from downloading the modules the
	// checked code needs; by default it downloads them when the user's
	// environment (GOPROXY, GOFLAGS) allows.
	Offline bool
	// SkillTimeout, when positive, overrides the configuration's per-skill
	// time budget; negative turns the budget off.
	SkillTimeout time.Duration
	// Overlay, when set, stands in for the content of the files it holds
	// (by cleaned path, as the walk joins them under Paths): an editor's
	// unsaved buffers. Discovery still walks the disk.
	Overlay skill.Overlay
	// OnSkill, when set, is handed each skill's diagnostics as soon as the
	// skill is done, and Result.Diagnostics keeps only those of plugins,
	// marketplaces and the layout: memory then grows with the skills being
	// checked, not with the findings. Skills come one call at a time, in the
	// order the walk finishes their folders (a folder's entries by name, a
	// skill after the skills nested in it; paths under different
	// configurations one group after the other); a skill whose checks wait
	// for a batch (the Go toolchain) comes after the batch, at the end of its
	// group. Fix ignores OnSkill.
	OnSkill func(SkillResult)
}

// Result is the outcome of a run.
type Result struct {
	// Diagnostics, sorted by path, line, column and rule.
	Diagnostics []analysis.Diagnostic
	// Skills, Plugins and Marketplaces count what was linted.
	Skills, Plugins, Marketplaces int
	// Configs are the configurations used, one per group of paths.
	Configs []*config.Config
	// Internal are failures of skillcheck itself (a rule that panicked); the
	// run went on without that rule's findings on that input.
	Internal []error

	// handed is the highest severity of the diagnostics handed to
	// Options.OnSkill, by the fail-on threshold they carry.
	handed map[analysis.FailOn]analysis.Severity
}

// Failed reports whether a diagnostic reaches the fail-on threshold: failOn
// when set, otherwise the threshold each diagnostic carries from the
// configuration that applied to it.
// Diagnostics handed to Options.OnSkill count too.
func (r *Result) Failed(failOn analysis.FailOn) bool {
	fails := func(own analysis.FailOn, sev analysis.Severity) bool {
		if failOn != "" {
			own = failOn
		}
		return own.Fails(sev)
	}
	for _, d := range r.Diagnostics {
		if fails(d.FailOn, d.Severity) {
			return true
		}
	}
	for own, sev := range r.handed {
		if fails(own, sev) {
			return true
		}
	}
	return false
}

// hand records diagnostics handed to Options.OnSkill, for Failed.
func (r *Result) hand(diags []analysis.Diagnostic) {
	for _, d := range diags {
		if r.handed == nil {
			r.handed = map[analysis.FailOn]analysis.Severity{}
		}
		r.handed[d.FailOn] = max(r.handed[d.FailOn], d.Severity)
	}
}

// Run lints the paths in opts. It returns an error for a missing path or an
// invalid configuration; findings are diagnostics, never errors.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	if opts.Rules == nil {
		opts.Rules = checks.All()
	}
	groups, err := groupByConfig(opts)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, g := range groups {
		res.Configs = append(res.Configs, g.cfg)
		e := newEngine(opts, g.cfg)
		diags, err := e.run(ctx, g.paths, res)
		if err != nil {
			return nil, err
		}
		res.Diagnostics = append(res.Diagnostics, diags...)
	}
	res.Diagnostics = sortDiagnostics(res.Diagnostics)
	return res, nil
}
