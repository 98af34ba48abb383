// Package report writes lint results in the formats skillcheck offers: text
// for people, JSON for programs (a stable, versioned schema), SARIF 2.1.0 for
// GitHub code scanning and other SARIF viewers, and GitHub Actions workflow
// commands that annotate pull requests.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// Report is what a format writes.
type Report struct {
	// Tool is the program's name and version.
	ToolName, ToolVersion string
	// InfoURI is the project's home page, RulesURI the page documenting the
	// rules (anchors are the lower-case rule IDs).
	InfoURI, RulesURI string
	Rules             analysis.Set
	// Diagnostics are the findings, in the order they are written.
	Diagnostics []analysis.Diagnostic
	// Scope counts what was linted.
	Scope Scope
}

// Scope counts what a run linted.
type Scope struct {
	Skills, Plugins, Marketplaces int
}

// Writer writes a report in one format.
type Writer func(w io.Writer, r *Report) error

// Formats maps format names to writers.
var Formats = map[string]Writer{
	"text":   Text,
	"json":   JSON,
	"sarif":  SARIF,
	"github": GitHub,
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

// Counts are the diagnostics of a result by severity.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Count tallies diagnostics by severity.
func Count(diags []analysis.Diagnostic) Counts {
	var c Counts
	for _, d := range diags {
		switch d.Severity {
		case analysis.Error:
			c.Errors++
		case analysis.Warning:
			c.Warnings++
		case analysis.Info:
			c.Infos++
		}
	}
	return c
}

// Summary is the one-line summary of a report, e.g. "2 errors, 1 warning in
// 12 skills, 1 plugin".
func Summary(r *Report) string {
	c := Count(r.Diagnostics)
	var found []string
	if c.Errors+c.Warnings+c.Infos == 0 {
		found = append(found, "no problems")
	}
	for _, n := range []struct {
		n    int
		word string
	}{{c.Errors, "error"}, {c.Warnings, "warning"}, {c.Infos, "info"}} {
		if n.n > 0 {
			found = append(found, plural(n.n, n.word))
		}
	}
	scope := []string{plural(r.Scope.Skills, "skill")}
	if r.Scope.Plugins > 0 {
		scope = append(scope, plural(r.Scope.Plugins, "plugin"))
	}
	if r.Scope.Marketplaces > 0 {
		scope = append(scope, plural(r.Scope.Marketplaces, "marketplace"))
	}
	return fmt.Sprintf("%s in %s", strings.Join(found, ", "), strings.Join(scope, ", "))
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Text writes one line per diagnostic, path:line:col: severity: message (ID
// alias), then the summary.
func Text(w io.Writer, r *Report) error {
	for _, d := range r.Diagnostics {
		if _, err := fmt.Fprintln(w, d.String()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, Summary(r))
	return err
}
