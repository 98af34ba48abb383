package analysis

import (
	"fmt"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Pass is what a check function reports through.
type Pass struct {
	Rule *Rule
	Settings
	// Severity is the rule's effective severity in this run.
	Severity Severity
	report   func(Diagnostic)
	shared   *Shared
}

// Settings are what the configuration tells every rule.
type Settings struct {
	// Profile is the profile the run checks for.
	Profile Profile
	// StrictCode holds every checked code block to compile or parse, as if
	// each declared itself complete (code: strict).
	StrictCode bool
}

// NewPass returns a pass that hands diagnostics of rule r to report. The
// passes of the rules that check one skill share shared, which holds the
// work they share (see Result); nil shares nothing.
func NewPass(r *Rule, settings Settings, sev Severity, report func(Diagnostic), shared *Shared) *Pass {
	return &Pass{Rule: r, Settings: settings, Severity: sev, report: report, shared: shared}
}

// AtMost returns a pass that reports with at most severity max: a rule
// whose finding matters less in some cases (an example, not code that
// declares itself complete) reports those through it.
func (p *Pass) AtMost(max Severity) *Pass {
	q := *p
	q.Severity = min(q.Severity, max)
	return &q
}

// Reportf reports a finding at byte offset off of file f.
func (p *Pass) Reportf(f *source.File, off int, format string, args ...any) {
	p.ReportFix(f, off, nil, format, args...)
}

// ReportFix reports a finding at byte offset off of file f with a fix.
func (p *Pass) ReportFix(f *source.File, off int, fix *Fix, format string, args ...any) {
	pos := f.Position(off)
	p.report(Diagnostic{
		Path: f.Path, Line: pos.Line, Col: pos.Col, Offset: off,
		Rule: p.Rule, Severity: p.Severity, Message: oneLine(fmt.Sprintf(format, args...)), Fix: fix,
	})
}

// ReportPath reports a finding about a whole file or folder.
func (p *Pass) ReportPath(path, format string, args ...any) {
	p.report(Diagnostic{
		Path: path, Offset: -1,
		Rule: p.Rule, Severity: p.Severity, Message: oneLine(fmt.Sprintf(format, args...)),
	})
}

// oneLine keeps a message on one line, whatever text it quotes, so that
// every output format has one line per finding: the lines of a multi-line
// message (a compiler's "have … want …") are joined with "; ".
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "; ")
}
