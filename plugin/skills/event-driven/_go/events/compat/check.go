package compat

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Mode is a compatibility mode with the meaning it has in Confluent Schema
// Registry.
type Mode int

const (
	// Backward: data written with the previous schema is valid under the new
	// one, so consumers upgrade first. Removing a property, or adding an
	// optional one to a closed model, is backward compatible; adding a
	// property to an open model is not.
	Backward Mode = iota
	// BackwardTransitive is Backward against every earlier version, which a
	// reader of a replayable log (an event store, a compacted topic) needs.
	BackwardTransitive
	// Forward: data written with the new schema is valid under the previous
	// one, so producers upgrade first. Adding a property to an open model is
	// forward compatible; removing one from a closed model is not.
	Forward
	// ForwardTransitive is Forward against every earlier version.
	ForwardTransitive
	// Full is Backward and Forward.
	Full
	// FullTransitive is Full against every earlier version.
	FullTransitive
	// None checks nothing.
	None
)

var modeNames = []string{"BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE"}

// String returns the Confluent name of m, such as "BACKWARD_TRANSITIVE".
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return "Mode(" + strconv.Itoa(int(m)) + ")"
	}
	return modeNames[m]
}

// ParseMode parses a Confluent mode name, case-insensitively.
func ParseMode(s string) (Mode, error) {
	i := slices.Index(modeNames, strings.ToUpper(strings.TrimSpace(s)))
	if i < 0 {
		return 0, fmt.Errorf("compat: unknown mode %q (want one of %s)", s, strings.Join(modeNames, ", "))
	}
	return Mode(i), nil
}

func (m Mode) backward() bool {
	return m == Backward || m == BackwardTransitive || m == Full || m == FullTransitive
}
func (m Mode) forward() bool {
	return m == Forward || m == ForwardTransitive || m == Full || m == FullTransitive
}
func (m Mode) transitive() bool {
	return m == BackwardTransitive || m == ForwardTransitive || m == FullTransitive
}

// Version is one version of a schema in a history.
type Version struct {
	// Name identifies the version in reports, such as a file name.
	Name string
	// Schema is the JSON Schema document.
	Schema []byte
}

// Incompatibility is one reason why a version is not compatible with an
// earlier one.
type Incompatibility struct {
	// Old and New name the two versions compared.
	Old, New string
	// Direction is "backward" (data of Old read with New) or "forward" (data
	// of New read with Old).
	Direction string
	// Path is a JSON pointer into the schemas, such as
	// "#/properties/customer/properties/email".
	Path string
	// Kind classifies the change.
	Kind Kind
	// Reason explains it in a sentence.
	Reason string
}

// String formats i as "new vs old (direction): path: KIND: reason".
func (i Incompatibility) String() string {
	return fmt.Sprintf("%s vs %s (%s): %s: %s: %s", i.New, i.Old, i.Direction, i.Path, i.Kind, i.Reason)
}

// ErrIncompatible is matched by every *Error with errors.Is.
var ErrIncompatible = errors.New("compat: incompatible schema change")

// Error reports the incompatibilities of a history.
type Error struct {
	// Mode is the mode that was checked.
	Mode Mode
	// Problems lists every incompatibility, by pair of versions compared.
	Problems []Incompatibility
}

// Error lists every incompatibility on its own line.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "compat: %d incompatibilit", len(e.Problems))
	if len(e.Problems) == 1 {
		b.WriteString("y")
	} else {
		b.WriteString("ies")
	}
	fmt.Fprintf(&b, " under %s:", e.Mode)
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrIncompatible.
func (e *Error) Is(target error) bool { return target == ErrIncompatible }

// Check checks a history of schema versions, oldest first, under mode: every
// version against the one before it, or against all earlier ones in a
// transitive mode. It returns nil when the history is compatible, an *Error
// (matching ErrIncompatible) that explains every incompatibility when it is
// not, and another error when a schema cannot be read.
func Check(mode Mode, history ...Version) error {
	nodes := make([]*node, len(history))
	for i, v := range history {
		n, err := parse(v.Schema)
		if err != nil {
			return fmt.Errorf("%s: %w", v.Name, err)
		}
		nodes[i] = n
	}
	if mode < 0 || mode > None {
		return fmt.Errorf("compat: invalid mode %d", int(mode))
	}
	var problems []Incompatibility
	for i := 1; i < len(history) && mode != None; i++ {
		first := i - 1
		if mode.transitive() {
			first = 0
		}
		for j := first; j < i; j++ {
			old, new := history[j].Name, history[i].Name
			if mode.backward() {
				problems = append(problems, compare(nodes[j], nodes[i], old, new, "backward")...)
			}
			if mode.forward() {
				problems = append(problems, compare(nodes[i], nodes[j], old, new, "forward")...)
			}
		}
	}
	if len(problems) > 0 {
		return &Error{Mode: mode, Problems: problems}
	}
	return nil
}

func compare(writer, reader *node, old, new, direction string) []Incompatibility {
	d := &differ{writer: "old", reader: "new"}
	if direction == "forward" {
		d.writer, d.reader = "new", "old"
	}
	d.subset(writer, reader, "#")
	for i := range d.found {
		d.found[i].Old, d.found[i].New, d.found[i].Direction = old, new, direction
	}
	return d.found
}

// TB is the part of testing.TB that Assert uses.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// Assert fails t with one error per incompatibility when the history is not
// compatible under mode, and with the error when a schema cannot be read.
// Call it from a test to make CI fail on an incompatible schema change.
func Assert(t TB, mode Mode, history ...Version) {
	t.Helper()
	err := Check(mode, history...)
	var cerr *Error
	switch {
	case errors.As(err, &cerr):
		for _, p := range cerr.Problems {
			t.Errorf("%s incompatibility: %s", mode, p)
		}
	case err != nil:
		t.Errorf("%v", err)
	}
}

// ReadHistory reads the *.json files of dir in fsys as a history, ordered by
// name with runs of digits compared as numbers (so "2.json" comes before
// "10.json").
func ReadHistory(fsys fs.FS, dir string) ([]Version, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("compat: %w", err)
	}
	slices.SortFunc(names, naturalCompare)
	history := make([]Version, len(names))
	for i, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("compat: %w", err)
		}
		history[i] = Version{Name: name, Schema: b}
	}
	return history, nil
}

// naturalCompare orders strings with runs of digits compared as numbers.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := len(na) - len(nb); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
