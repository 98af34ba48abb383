// Package rule defines what a lint rule is, the diagnostics rules report, and
// the pass through which a rule sees one skill, plugin, marketplace or
// discovered tree.
//
// A rule is a value: a stable ID (SK + three digits), a kebab-case alias, a
// one-line summary, Markdown documentation citing the source it rests on,
// default severities for each profile, and one check function for the kind of
// thing it inspects.
package analysis

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Rule is one check.
type Rule struct {
	// ID is "SK" and three digits; never reused for another rule.
	ID string
	// Alias is a kebab-case name usable wherever an ID is.
	Alias string
	// Summary is one line, lower-case, without a final period.
	Summary string
	// Doc is Markdown: what the rule checks, why (with its source), and how to
	// fix it.
	Doc string
	// Severity is the default in the claude-code profile; Portable the default
	// in the portable profile (Unset means the same as Severity).
	Severity Severity
	Portable Severity
	// Fixable reports that some diagnostics carry a safe fix.
	Fixable bool
	// Input marks rules that still run on a skill whose SKILL.md could not be
	// read (they report the input problem itself).
	Input bool
	// Slow marks rules that start other programs or the Go toolchain; the
	// --fast option skips them.
	Slow bool
	// Engine marks rules that the lint engine reports itself (suppression
	// directives); they have no check function.
	Engine bool

	// Exactly one check function is set.
	Skill       func(*Pass, *skill.Skill)
	Plugin      func(*Pass, *manifest.Plugin)
	Marketplace func(*Pass, *manifest.Marketplace)
	Layout      func(*Pass, *layout.Layout)
}

// SeverityIn returns the rule's default severity in a profile.
func (r *Rule) SeverityIn(p Profile) Severity {
	if p == Portable && r.Portable != Unset {
		return r.Portable
	}
	return r.Severity
}

// Anchor is the fragment of the rule's section in docs/rules.md (the anchor
// GitHub derives from the heading "SK101 frontmatter-missing").
func (r *Rule) Anchor() string { return strings.ToLower(r.ID + "-" + r.Alias) }

// Block returns the rule's block, e.g. "SK1xx".
func (r *Rule) Block() string { return r.ID[:3] + "xx" }

var (
	idPattern    = regexp.MustCompile(`^SK[1-9]\d\d$`)
	aliasPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Validate reports a malformed rule.
func (r *Rule) Validate() error {
	checks := 0
	for _, set := range []bool{r.Skill != nil, r.Plugin != nil, r.Marketplace != nil, r.Layout != nil} {
		if set {
			checks++
		}
	}
	switch {
	case !idPattern.MatchString(r.ID):
		return fmt.Errorf("rule ID %q is not SK followed by three digits", r.ID)
	case !aliasPattern.MatchString(r.Alias):
		return fmt.Errorf("%s: alias %q is not kebab-case", r.ID, r.Alias)
	case r.Summary == "" || strings.HasSuffix(r.Summary, "."):
		return fmt.Errorf("%s: summary must be one line without a final period", r.ID)
	case strings.TrimSpace(r.Doc) == "":
		return fmt.Errorf("%s: rule is undocumented", r.ID)
	case r.Severity == Unset:
		return fmt.Errorf("%s: no default severity", r.ID)
	case r.Engine && checks != 0:
		return fmt.Errorf("%s: an engine rule has no check function", r.ID)
	case !r.Engine && checks != 1:
		return fmt.Errorf("%s: a rule needs exactly one check function, has %d", r.ID, checks)
	}
	return nil
}

// Pass is what a check function reports through.
type Pass struct {
	Rule *Rule
	// Profile is the profile the run checks for.
	Profile Profile
	// Severity is the rule's effective severity in this run.
	Severity Severity
	report   func(Diagnostic)
}

// NewPass returns a pass that hands diagnostics of rule r to report.
func NewPass(r *Rule, profile Profile, sev Severity, report func(Diagnostic)) *Pass {
	return &Pass{Rule: r, Profile: profile, Severity: sev, report: report}
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
