package analysis

import (
	"cmp"
	"fmt"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
)

// Diagnostic is one finding at a position.
type Diagnostic struct {
	// Path is the file (or folder) as shown to the user.
	Path string
	// Line and Col are 1-based; 0 means the finding is about the whole file or
	// folder.
	Line, Col int
	// Offset is the byte offset in the file, used to place fixes and to match
	// suppression directives; -1 when Line is 0.
	Offset int
	Rule   *Rule
	// Severity is the rule's severity after profile and configuration.
	Severity Severity
	Message  string
	// Fix, when not nil, is a safe change that resolves the finding.
	Fix *Fix
	// FailOn is the failure threshold of the configuration that applied to
	// the diagnostic's file.
	FailOn FailOn
}

// String formats the diagnostic as path:line:col: severity: message (ID
// alias), on one line: control characters in the path and the message (which
// quote the skill) are escaped, so a skill cannot forge lines or drive a
// terminal.
func (d Diagnostic) String() string {
	loc := safetext.Text(d.Path)
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", loc, d.Line, d.Col)
	}
	return fmt.Sprintf("%s: %s: %s (%s %s)", loc, d.Severity, safetext.Text(d.Message), d.Rule.ID, d.Rule.Alias)
}

// Compare orders diagnostics by path, line, column, rule ID and message.
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Rule.ID, b.Rule.ID),
		cmp.Compare(a.Message, b.Message),
	)
}

// Fix is a change to one file that resolves a diagnostic.
type Fix struct {
	// Message says what the fix does, as a verb phrase ("quote the value").
	Message string
	Edits   []Edit
}

// Edit replaces the bytes [Start, End) of the file with New.
type Edit struct {
	Start, End int
	New        string
}
