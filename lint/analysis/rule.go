// Package analysis is the contract between skillcheck's engine and its
// rules, modelled on golang.org/x/tools/go/analysis: what a rule is, the
// pass through which it sees one skill, plugin, marketplace, layout, agent or
// command, the diagnostics it reports, and the work rules share (Result).
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

	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
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
	// directives, the time budget); they have no check function.
	Engine bool
	// Batch, when set, is the batch whose results the Skill check reads: the
	// engine runs the check after that batch has run, on the skills it took.
	Batch *BatchKind
	// FileScope marks rules whose findings are about a whole file even when
	// they carry a position (SK201 points at the first line past the limit,
	// SK207 at the start of a file without a table of contents): a baseline
	// knows them by rule and file, not by the text of the line they point
	// at, which edits elsewhere in the file change.
	FileScope bool
	// Secret marks rules whose findings point at a secret: printers show
	// the message, which redacts it, but not the source line.
	Secret bool
	// NothingFound marks the rule that reports a path under which nothing
	// was found to lint: a run whose only findings are its says so in its
	// summary instead of counting them.
	NothingFound bool

	// The check functions, one for each kind of thing the rule inspects (at
	// least one is set; a Layout check stands alone): the SK7xx command
	// rules judge the commands of a skill and the hooks of a plugin alike.
	Skill       func(*Pass, *skill.Skill)
	Plugin      func(*Pass, *manifest.Plugin)
	Marketplace func(*Pass, *manifest.Marketplace)
	Layout      func(*Pass, *layout.Layout)
	// Component checks one agent or command file of a plugin or project.
	Component func(*Pass, *component.File)
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
	for _, set := range []bool{r.Skill != nil, r.Plugin != nil, r.Marketplace != nil, r.Layout != nil, r.Component != nil} {
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
	case !r.Engine && checks == 0:
		return fmt.Errorf("%s: a rule needs a check function", r.ID)
	case r.Layout != nil && checks != 1:
		return fmt.Errorf("%s: a layout rule has no other check function", r.ID)
	}
	return nil
}
