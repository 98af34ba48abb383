// Package report writes lint results in the formats skillcheck offers: text
// for people, JSON for programs (a stable, versioned schema), SARIF 2.1.0 for
// GitHub code scanning and other SARIF viewers, and GitHub Actions workflow
// commands that annotate pull requests.
//
// Every format is a [Printer] that writes while the run goes on: the
// diagnostics of each skill as it finishes, then a closing summary. None of
// them holds the diagnostics it has written, so memory stays bounded by the
// work in flight however many skills a run lints. [Write] drives a printer
// from a whole [Report] at once.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// Meta describes the tool and its rules to the formats that name them.
type Meta struct {
	// Tool is the program's name and version.
	ToolName, ToolVersion string
	// InfoURI is the project's home page, RulesURI the page documenting the
	// rules (anchors are the lower-case rule IDs).
	InfoURI, RulesURI string
	Rules             analysis.Set
}

// Scope counts what a run linted, and what a baseline took out of the
// report.
type Scope struct {
	Skills, Plugins, Marketplaces int
	// Baselined counts the findings not reported because a baseline holds
	// them; BaselineFixed the baseline's findings that no longer occur.
	Baselined, BaselineFixed int
}

// empty reports a run that found nothing to lint.
func (s Scope) empty() bool { return s.Skills+s.Plugins+s.Marketplaces == 0 }

// A Printer writes a report in one format while a run goes on: Begin once,
// then Diagnostics for each part of the run as it finishes (a skill, or the
// findings about plugins, marketplaces and the layout), each part sorted
// with [analysis.Compare], then End once with what the run linted. A Printer
// keeps only counts between calls, and is not safe for concurrent use.
type Printer interface {
	Begin() error
	Diagnostics(ds []analysis.Diagnostic) error
	End(s Scope) error
}

// A FingerprintPrinter is a Printer that also writes each diagnostic's
// fingerprint (see package baseline), as SARIF does.
type FingerprintPrinter interface {
	Printer
	// FingerprintedDiagnostics writes ds as Diagnostics does;
	// fingerprints[i] is the fingerprint of ds[i].
	FingerprintedDiagnostics(ds []analysis.Diagnostic, fingerprints []string) error
}

// Formats maps format names to the printers they make. The text printer
// made here writes the plain one-line form; [NewText] makes the rich one.
var Formats = map[string]func(w io.Writer, m *Meta) Printer{
	"text":   func(w io.Writer, _ *Meta) Printer { return NewText(w, TextOptions{}) },
	"json":   NewJSON,
	"sarif":  NewSARIF,
	"github": func(w io.Writer, _ *Meta) Printer { return NewGitHub(w) },
}

// Names returns the format names, sorted.
func Names() []string {
	names := make([]string, 0, len(Formats))
	for n := range Formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Report is a whole run's result, for writing at once with [Write].
type Report struct {
	Meta
	// Diagnostics are the findings, in the order they are written.
	Diagnostics []analysis.Diagnostic
	// Scope counts what was linted.
	Scope Scope
}

// Write writes a whole report through p.
func Write(p Printer, r *Report) error {
	if err := p.Begin(); err != nil {
		return err
	}
	if len(r.Diagnostics) > 0 {
		if err := p.Diagnostics(r.Diagnostics); err != nil {
			return err
		}
	}
	return p.End(r.Scope)
}

// Counts are the diagnostics of a result by severity.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Count tallies diagnostics by severity.
func Count(diags []analysis.Diagnostic) Counts {
	var t Tally
	t.Add(diags)
	return t.Counts
}

// Tally counts diagnostics as a printer writes them: what the summary needs,
// and nothing more.
type Tally struct {
	Counts
	// Fixable counts the diagnostics that carry a safe fix.
	Fixable int
	// others counts the diagnostics other than "no skills found", and
	// noSkills holds the paths of those.
	others   int
	noSkills []string
}

// Add counts diags.
func (t *Tally) Add(diags []analysis.Diagnostic) {
	for _, d := range diags {
		switch d.Severity {
		case analysis.Error:
			t.Errors++
		case analysis.Warning:
			t.Warnings++
		case analysis.Info:
			t.Infos++
		}
		if d.Fix != nil && len(d.Fix.Edits) > 0 {
			t.Fixable++
		}
		if d.Rule != nil && d.Rule.NothingFound && d.Line == 0 {
			t.noSkills = append(t.noSkills, d.Path)
		} else {
			t.others++
		}
	}
}

// total is the number of diagnostics counted.
func (t *Tally) total() int { return t.Errors + t.Warnings + t.Infos }

// nothingFound reports a run that linted nothing and found nothing to say
// but that: its summary is "no skills found under PATH", and a format that
// has written the finding already writes no summary line.
func (t *Tally) nothingFound(s Scope) bool { return s.empty() && t.others == 0 }

// Summary is the one-line summary of a run, e.g. "2 errors, 1 warning in 12
// skills, 1 plugin", or "no skills found under PATH" when it found nothing to
// lint.
func (t *Tally) Summary(s Scope) string {
	if t.nothingFound(s) {
		if len(t.noSkills) == 0 {
			return "no skills found"
		}
		return "no skills found under " + safetext.Text(strings.Join(t.noSkills, ", "))
	}
	line := strings.Join(t.found(), ", ") + " in " + strings.Join(s.parts(), ", ")
	if s.Baselined > 0 {
		line += " (" + s.baselined() + ")"
	}
	return line
}

// baselined says how many findings the baseline took out of the report.
func (s Scope) baselined() string {
	return fmt.Sprintf("%d suppressed by the baseline", s.Baselined)
}

// found says what was found: "no problems", or the counts by severity.
func (t *Tally) found() []string {
	if t.total() == 0 {
		return []string{"no problems"}
	}
	var found []string
	for _, n := range []struct {
		n    int
		word string
	}{{t.Errors, "error"}, {t.Warnings, "warning"}, {t.Infos, "info"}} {
		if n.n > 0 {
			found = append(found, plural(n.n, n.word))
		}
	}
	return found
}

// parts says what was linted: "12 skills", "1 plugin", …
func (s Scope) parts() []string {
	parts := []string{plural(s.Skills, "skill")}
	if s.Plugins > 0 {
		parts = append(parts, plural(s.Plugins, "plugin"))
	}
	if s.Marketplaces > 0 {
		parts = append(parts, plural(s.Marketplaces, "marketplace"))
	}
	return parts
}

// Summary is the one-line summary of a whole report.
func Summary(r *Report) string {
	var t Tally
	t.Add(r.Diagnostics)
	return t.Summary(r.Scope)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
