package toolchain

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
)

// maxOutputLines bounds the test output quoted in a finding.
const maxOutputLines = 20

// testEvent is one line of `go test -json` (cmd/test2json).
type testEvent struct {
	Action      string
	Package     string
	ImportPath  string // build-output and build-fail events
	Test        string
	Output      string
	FailedBuild string
}

// pkgOutcome is what `go test` said about one package.
type pkgOutcome struct {
	failed      bool
	buildFailed bool
	passed      bool
	failedTests []string
	timedOut    time.Duration       // the run's limit, when go test ran past it
	output      map[string][]string // test ("" for the package) → output lines
}

// RunTests runs `go test -json` once for every reference package the
// collected skills name (one invocation per module) and reports, on each
// skill's metadata.reference, the packages that fail to build or whose tests
// fail.
func (c *Collector) RunTests(ctx context.Context, opts Options) []Finding {
	if len(c.refs) == 0 {
		return nil
	}
	c.sort()
	if opts.TestTimeout <= 0 {
		opts.TestTimeout = DefaultTestTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opts.TestTimeout)
	defer cancel()
	goBin, err := opts.lookPath()
	if err != nil {
		r := c.refs[0]
		return []Finding{{Kind: ToolchainMissing, File: r.file, Offset: r.offset,
			Message: "the Go toolchain (go) is not on the PATH: reference tests cannot run"}}
	}
	tc := &toolchain{bin: goBin, offline: opts.Offline}
	byModule := map[*gocode.Module]map[string]bool{}
	for _, r := range c.refs {
		for _, p := range r.paths {
			m, rel := packageModule(r.module, p)
			if byModule[m] == nil {
				byModule[m] = map[string]bool{}
			}
			byModule[m][rel] = true
		}
	}
	outcomes := map[*gocode.Module]map[string]*pkgOutcome{}
	for m, paths := range byModule {
		outcomes[m] = runGoTest(ctx, tc, m, sortedKeys(paths), opts.TestTimeout)
	}
	var out []Finding
	for _, r := range c.refs {
		for _, p := range r.paths {
			m, rel := packageModule(r.module, p)
			o := outcomes[m][rel]
			if o == nil || !o.failed {
				continue
			}
			out = append(out, Finding{Kind: ReferenceTestsFail, File: r.file, Offset: r.offset, Message: o.describe(p)})
		}
	}
	return out
}

// packageModule returns the module that holds the package at rel in m, and
// its path there: a package in a nested module (a folder of m with its own
// go.mod) is tested in that module.
func packageModule(m *gocode.Module, rel string) (*gocode.Module, string) {
	dir := filepath.Join(m.Root, filepath.FromSlash(rel))
	inner := gocode.FindModule(dir)
	if inner == nil || inner.Root == m.Root {
		return m, rel
	}
	if r, err := filepath.Rel(inner.Root, dir); err == nil && filepath.IsLocal(r) {
		return inner, filepath.ToSlash(r)
	}
	return m, rel
}

// runGoTest runs the packages' tests and returns their outcomes by relative
// path.
func runGoTest(ctx context.Context, tc *toolchain, m *gocode.Module, rels []string, limit time.Duration) map[string]*pkgOutcome {
	importPath := map[string]string{} // import path → relative path
	args := append([]string{"test", "-json"}, buildFlags...)
	for _, rel := range rels {
		ip := m.Path
		if clean := filepath.ToSlash(filepath.Clean(rel)); clean != "." {
			ip += "/" + clean
		}
		importPath[ip] = rel
		args = append(args, "./"+filepath.ToSlash(filepath.Clean(rel)))
	}
	cmd := exec.CommandContext(ctx, tc.bin, args...)
	cmd.Dir = m.Root
	cmd.Env = tc.env() // in the module's workspace, as its developer runs the tests
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	out := map[string]*pkgOutcome{}
	get := func(pkg string) *pkgOutcome {
		rel, ok := importPath[pkg]
		if !ok {
			return nil
		}
		if out[rel] == nil {
			out[rel] = &pkgOutcome{output: map[string][]string{}}
		}
		return out[rel]
	}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		var ev testEvent
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		if ev.Action == "build-output" || ev.Action == "build-fail" {
			ip, _, _ := strings.Cut(ev.ImportPath, " ") // "p [p.test]"
			if o := get(ip); o != nil {
				o.failed, o.buildFailed = true, true
				if ev.Action == "build-output" {
					o.output[""] = append(o.output[""], strings.TrimRight(ev.Output, "\n"))
				}
			}
			continue
		}
		o := get(ev.Package)
		if o == nil {
			if fb := get(ev.FailedBuild); fb != nil {
				fb.failed, fb.buildFailed = true, true
			}
			continue
		}
		switch ev.Action {
		case "output":
			o.output[ev.Test] = append(o.output[ev.Test], strings.TrimRight(ev.Output, "\n"))
		case "pass":
			if ev.Test == "" {
				o.passed = true
			}
		case "fail":
			o.failed = true
			if ev.Test != "" {
				o.failedTests = append(o.failedTests, ev.Test)
			}
			if ev.FailedBuild != "" {
				o.buildFailed = true
			}
		}
	}
	// A package still running when the time ran out failed for that; one the
	// tool never reported on (a build or setup failure before any event)
	// failed to build.
	for _, rel := range importPath {
		o := out[rel]
		if ctx.Err() != nil && (o == nil || !o.passed && !o.failed) {
			if o == nil {
				o = &pkgOutcome{output: map[string][]string{}}
				out[rel] = o
			}
			o.failed, o.timedOut = true, limit
			continue
		}
		if o == nil && runErr != nil {
			msg := strings.TrimSpace(stderr.String())
			out[rel] = &pkgOutcome{failed: true, buildFailed: true, output: map[string][]string{"": {msg}}}
		}
	}
	return out
}

// describe summarizes a failure with the first lines of output.
func (o *pkgOutcome) describe(rel string) string {
	var b strings.Builder
	switch {
	case o.timedOut > 0:
		fmt.Fprintf(&b, "reference package %s: go test did not finish within %s (raise it with --test-timeout)", rel, o.timedOut)
	case o.buildFailed:
		fmt.Fprintf(&b, "reference package %s does not build", rel)
	case len(o.failedTests) > 0:
		sort.Strings(o.failedTests)
		fmt.Fprintf(&b, "reference package %s: tests fail: %s", rel, strings.Join(o.failedTests, ", "))
	default:
		fmt.Fprintf(&b, "reference package %s: go test fails", rel)
	}
	var lines []string
	for _, t := range append([]string{""}, o.failedTests...) {
		for _, l := range o.output[t] {
			if l = strings.TrimSpace(l); !noise(l) {
				lines = append(lines, l)
			}
		}
	}
	if len(lines) > maxOutputLines {
		lines = append(lines[:maxOutputLines], "…")
	}
	if len(lines) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(lines, " | "))
	}
	return b.String()
}

// noise reports test output lines that say nothing the finding does not
// already say, or that change from run to run (timings).
func noise(l string) bool {
	for _, p := range []string{"=== ", "--- FAIL", "--- PASS", "--- SKIP", "FAIL", "ok ", "ok\t", "PASS", "# "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return l == ""
}
