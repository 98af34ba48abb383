package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/progress"
	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
	"github.com/skillcheck-dev/skillcheck/lint/config"
	"github.com/skillcheck-dev/skillcheck/lint/report"
)

type lintFlags struct {
	formats     []string
	failOn      string
	profile     string
	configPath  string
	ruleLevels  []string
	fix, diff   bool
	fast, tests bool
	testTimeout time.Duration
	offline     bool
	noCache     bool
	maxFileSize string
	jobs        int
	skillTime   string
	color       colorFlag
	// baseline and writeBaseline are the baseline files read and written.
	baseline, writeBaseline string
	// progressDelay is how long a run goes before its status line shows (a
	// hidden flag, for the tests that need the line at once).
	progressDelay time.Duration
}

func newLintCmd() *cobra.Command {
	f := lintFlags{color: "auto", progressDelay: time.Second}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Lint skills, plugins and marketplaces under the given paths (default .)",
		Long: `Lint finds every SKILL.md under the given paths (a skill folder, a folder of
skills, .claude/skills, a plugin or marketplace root, or a whole repository)
and checks it, the files beside it, and any plugin.json and marketplace.json.
Go code blocks are type-checked in the Go module that contains the skill (and
vetted), JSON, YAML and shell blocks are parsed, and source= listings are
compared with the code they copy; --fast skips the checks that start other
programs.

With --baseline FILE, the findings recorded in FILE (by --write-baseline)
are not reported and do not fail the run: only new ones do. A finding is
known by its rule, file and the text of its line, so it stays known when
lines above it move.

Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 for bad
flags or configuration, 3 when skillcheck itself fails.

On a terminal, each finding shows its source line with a caret under the
column, and a status line on standard error follows a run that takes more
than a second. Piped, redirected or with NO_COLOR set, each finding is one
line, path:line:col: severity: message (ID alias), for tools to read.`,
		Example: `  skillcheck lint
  skillcheck lint --tests skills/
  skillcheck lint skills/ --format text --format sarif=skillcheck.sarif
  skillcheck lint --profile portable --fail-on warning
  skillcheck lint --fix
  skillcheck lint --write-baseline .skillcheck-baseline.json
  skillcheck lint --baseline .skillcheck-baseline.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.formats, "format", "f", []string{"text"}, "output `format[=file]`: "+strings.Join(report.Names(), ", ")+"; repeat for several (at most one without a file)")
	fl.StringVar(&f.failOn, "fail-on", "", "lowest severity that fails the run: error, warning or never (default from config, else error)")
	fl.StringVar(&f.profile, "profile", "", "claude-code (default) or portable (adds the specification's and uploads' rules)")
	fl.StringVar(&f.configPath, "config", "", "use this configuration file instead of the .skillcheck.yaml found upward from each path")
	fl.StringArrayVar(&f.ruleLevels, "rule", nil, "set a rule's severity, `RULE=LEVEL` (ID, alias, block such as SK2xx, or all; off, info, warning, error)")
	fl.BoolVar(&f.fix, "fix", false, "apply safe fixes to the files, then report what remains")
	fl.BoolVar(&f.diff, "diff", false, "print the safe fixes as a unified diff instead of the report, without changing files")
	fl.BoolVar(&f.fast, "fast", false, "skip the checks that run other programs: Go type checks, go vet, bash -n, reference tests (for editors and pre-commit hooks)")
	fl.BoolVar(&f.tests, "tests", false, "also run the tests of the Go packages skills name in metadata.reference")
	fl.DurationVar(&f.testTimeout, "test-timeout", 0, "time limit for all reference tests of a run, e.g. 30m (default 20m)")
	fl.BoolVar(&f.offline, "offline", false, "never download the modules Go code blocks import (as GOPROXY=off); by default the go command downloads what GOPROXY allows")
	fl.BoolVar(&f.noCache, "no-cache", false, "check every Go code block again instead of reusing results cached by content")
	fl.StringVar(&f.maxFileSize, "max-file-size", "", "largest file read, e.g. 4MiB (default from config, else 4MiB)")
	fl.IntVar(&f.jobs, "jobs", 0, "skills linted at once (default: one per CPU)")
	fl.StringVar(&f.skillTime, "skill-timeout", "", "time budget per skill, e.g. 30s; 0 for none (default from config, else 5s)")
	fl.StringVar(&f.baseline, "baseline", "", "report and fail only on findings not recorded in this baseline `file`")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "record the run's findings in this baseline `file` (replacing it) instead of reporting them")
	fl.Var(&f.color, "color", colorUsage)
	fl.DurationVar(&f.progressDelay, "progress-delay", f.progressDelay, "how long a run goes before its status line shows")
	_ = fl.MarkHidden("progress-delay")
	return cmd
}

// options turns flags into lint options.
func (f lintFlags) options(paths []string) (lint.Options, analysis.FailOn, error) {
	opts := lint.Options{Paths: paths, Jobs: f.jobs, Fast: f.fast, Tests: f.tests, TestTimeout: f.testTimeout, Offline: f.offline}
	if f.testTimeout < 0 {
		return opts, "", fmt.Errorf("--test-timeout: want a positive duration such as 30m, not %s", f.testTimeout)
	}
	if f.noCache {
		opts.CodeCache = "-"
	}
	if f.skillTime != "" {
		d, err := time.ParseDuration(f.skillTime)
		if err != nil || d < 0 {
			return opts, "", fmt.Errorf("--skill-timeout: want a duration such as 30s, or 0 for none, not %q", f.skillTime)
		}
		opts.SkillTimeout = d
		if d == 0 {
			opts.SkillTimeout = -1
		}
	}
	var failOn analysis.FailOn
	var err error
	if f.failOn != "" {
		if failOn, err = analysis.ParseFailOn(f.failOn); err != nil {
			return opts, "", err
		}
	}
	if f.profile != "" {
		if opts.Profile, err = analysis.ParseProfile(f.profile); err != nil {
			return opts, "", err
		}
	}
	if f.maxFileSize != "" {
		if opts.MaxFileSize, err = config.ParseSize(f.maxFileSize); err != nil {
			return opts, "", fmt.Errorf("--max-file-size: %w", err)
		}
	}
	all := checks.All()
	for _, rl := range f.ruleLevels {
		name, level, ok := strings.Cut(rl, "=")
		if !ok {
			return opts, "", fmt.Errorf("--rule %q: want RULE=LEVEL", rl)
		}
		o, err := config.ParseOverride(name, level, all)
		if err != nil {
			return opts, "", fmt.Errorf("--rule: %w", err)
		}
		opts.Overrides = append(opts.Overrides, o)
	}
	if f.configPath != "" {
		if opts.Config, err = config.Load(f.configPath, all); err != nil {
			return opts, "", err
		}
	}
	return opts, failOn, nil
}

func runLint(ctx context.Context, stdout, stderr io.Writer, paths []string, f lintFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	outs, err := parseOutputs(f.formats)
	if err != nil {
		return err
	}
	opts, failOn, err := f.options(paths)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if f.diff {
		outs = nil // the diff is the output
	}
	term := detectTerminal(stdout, stderr, f.color)

	// A status line on standard error, when it is a terminal and standard
	// output is not a JSON or SARIF document; what the run writes clears it
	// first.
	var status *progress.Line
	if term.status && !toStdout(outs, "json", "sarif") {
		status = progress.Start(stderr, progress.Options{Label: "linting", Delay: f.progressDelay, Width: term.statusWidth})
		defer status.Stop()
		stdout, stderr = status.Writer(stdout), status.Writer(stderr)
	}

	meta := &report.Meta{ToolName: "skillcheck", ToolVersion: version(), InfoURI: projectURI, RulesURI: rulesURI, Rules: checks.All()}
	out, err := openSinks(stdout, outs, meta, term, failOn)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	defer out.abort()
	if err := useBaseline(out, f, opts.Paths, outs); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	// A plain run writes each skill's findings as the skill is done, so the
	// report starts at once and memory does not grow with the findings;
	// --fix and --diff need the whole result first.
	var streamErr error
	if !f.fix && !f.diff {
		done := 0
		opts.OnSkill = func(r lint.SkillResult) {
			done++
			status.Set(progress.State{Done: done, Current: r.Dir})
			if streamErr == nil {
				streamErr = out.diagnostics(r.Diagnostics)
			}
		}
	}
	res, err := lintWithFixes(ctx, stdout, stderr, opts, f)
	if err != nil {
		return err
	}
	status.Stop()
	if streamErr != nil {
		return &exitError{code: exitInternal, err: streamErr}
	}
	// What was not streamed: plugins, marketplaces and the layout, or the
	// whole last round of --fix.
	if err := out.diagnostics(res.Diagnostics); err != nil {
		return &exitError{code: exitInternal, err: err}
	}
	if err := finishBaseline(stderr, out, f); err != nil {
		return &exitError{code: exitInternal, err: err}
	}
	if err := out.end(report.Scope{Skills: res.Skills, Plugins: res.Plugins, Marketplaces: res.Marketplaces}); err != nil {
		return &exitError{code: exitInternal, err: err}
	}
	for _, e := range res.Internal {
		fmt.Fprintf(stderr, "skillcheck: internal error: %s\n", safetext.Text(e.Error()))
	}
	switch {
	case len(res.Internal) > 0:
		return &exitError{code: exitInternal}
	case out.failedRun():
		return &exitError{code: exitFindings}
	}
	return nil
}

// lintWithFixes runs the linter; with --fix it applies fixes and lints again
// until nothing more can be fixed, with --diff it prints the fixes.
func lintWithFixes(ctx context.Context, stdout, stderr io.Writer, opts lint.Options, f lintFlags) (*lint.Result, error) {
	if f.fix && !f.diff {
		res, err := lint.Fix(ctx, opts, func(ff lint.FileFix, err error) {
			if err != nil {
				fmt.Fprintf(stderr, "not fixed %s: %s\n", safetext.Text(ff.Path), safetext.Text(err.Error()))
				return
			}
			for _, d := range ff.Applied {
				fmt.Fprintf(stderr, "fixed %s:%d:%d: %s (%s)\n", safetext.Text(d.Path), d.Line, d.Col, safetext.Text(d.Fix.Message), d.Rule.ID)
			}
		})
		if err != nil {
			return nil, classify(err)
		}
		return res, nil
	}
	res, err := lint.Run(ctx, opts)
	if err != nil {
		return nil, classify(err)
	}
	if !f.diff {
		return res, nil
	}
	fixes, err := lint.PlanFixes(res.Diagnostics)
	if err != nil {
		return nil, &exitError{code: exitInternal, err: err}
	}
	for _, ff := range fixes {
		d, err := ff.Diff()
		if err != nil {
			return nil, &exitError{code: exitInternal, err: err}
		}
		fmt.Fprint(stdout, d)
	}
	return res, nil
}

// classify maps engine errors to exit codes: configuration and missing paths
// are usage errors.
func classify(err error) error {
	var cfgErr *config.Error
	if errors.As(err, &cfgErr) || errors.Is(err, os.ErrNotExist) {
		return &exitError{code: exitUsage, err: err}
	}
	return &exitError{code: exitInternal, err: err}
}
