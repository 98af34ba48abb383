package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
)

// Version is the version of the baseline format this package reads and
// writes.
const Version = 1

// maxSize is the largest baseline file read.
const maxSize = 32 << 20

// Finding is one recorded finding. Matching uses the fingerprint alone; the
// fields it is made of are written out so that a reviewer can read what the
// baseline accepts.
type Finding struct {
	Path        string `json:"path"`
	Rule        string `json:"rule"`
	Text        string `json:"text"`
	Occurrence  int    `json:"occurrence"`
	Fingerprint string `json:"fingerprint"`
	// Message is the finding's message when it was recorded, for people;
	// matching ignores it.
	Message string `json:"message"`
}

// key returns the key the finding's fingerprint is made of.
func (f Finding) key() Key { return Key{Rule: f.Rule, Path: f.Path, Text: f.Text} }

// File is a baseline: the findings a team has accepted. The zero value is an
// empty baseline, ready for Add.
type File struct {
	findings []Finding
	// matched holds, for each fingerprint, whether Match has seen it.
	matched map[string]bool
}

// Add records a finding.
func (b *File) Add(f Finding) {
	if b.matched == nil {
		b.matched = map[string]bool{}
	}
	if _, dup := b.matched[f.Fingerprint]; dup {
		return
	}
	b.matched[f.Fingerprint] = false
	b.findings = append(b.findings, f)
}

// Len returns the number of findings recorded.
func (b *File) Len() int { return len(b.findings) }

// Match reports whether the baseline holds the finding with this
// fingerprint, and notes it as seen.
func (b *File) Match(fingerprint string) bool {
	if _, ok := b.matched[fingerprint]; !ok {
		return false
	}
	b.matched[fingerprint] = true
	return true
}

// Unmatched returns the number of recorded findings that Match has not seen:
// fixed since the baseline was written.
func (b *File) Unmatched() int {
	n := 0
	for _, seen := range b.matched {
		if !seen {
			n++
		}
	}
	return n
}

// document is the file's JSON form.
type document struct {
	Version  int       `json:"version"`
	Findings []Finding `json:"findings"`
}

// Marshal returns the baseline as JSON: the format version, then the
// findings sorted by path, rule, text and occurrence, one field a line.
func (b *File) Marshal() []byte {
	doc := document{Version: Version, Findings: slices.Clone(b.findings)}
	if doc.Findings == nil {
		doc.Findings = []Finding{}
	}
	slices.SortFunc(doc.Findings, func(x, y Finding) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Rule, y.Rule),
			cmp.Compare(x.Text, y.Text), cmp.Compare(x.Occurrence, y.Occurrence))
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "<name>" reads better than "\u003cname\u003e"
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		panic(err) // strings and ints always encode
	}
	return buf.Bytes()
}

// Write writes the baseline to path atomically: a reader sees the old file
// or the new one, never a part. Symbolic links in the path's last element
// are refused, as for every file skillcheck writes.
func (b *File) Write(path string) error {
	root, err := safefs.OpenRoot(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer root.Close()
	return root.WriteFile(filepath.Base(path), b.Marshal(), 0)
}

// Read reads the baseline at path (a regular file of at most 32 MiB).
func Read(path string) (*File, error) {
	data, err := safefs.ReadFile(path, maxSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Error is a malformed baseline, with the position of the fault.
type Error struct {
	// Path is the baseline file.
	Path string
	// Line and Col (1-based, counting characters) are where the fault is.
	Line, Col int
	// Msg says what is wrong.
	Msg string
}

// Error formats the error as path:line:col: baseline: message.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: baseline: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Parse reads a baseline from data; name is the file's name, for errors.
// Anything but a well-formed baseline of a version this package reads is an
// [*Error] naming the line and column of the fault.
func Parse(name string, data []byte) (*File, error) {
	p := &parser{name: name, data: data}
	doc, serr := jsonpos.Parse(data)
	if serr != nil {
		return nil, p.errorf(serr.Offset, "%s", serr.Message)
	}
	if doc.Kind != jsonpos.Object {
		return nil, p.errorf(doc.Offset, "want a JSON object, not %s", doc.Kind)
	}
	for _, m := range doc.Fields {
		if m.Key != "version" && m.Key != "findings" {
			return nil, p.errorf(m.KeyOffset, "unknown key %q (want version and findings)", m.Key)
		}
	}
	// The version first, so that a newer file is refused as newer rather
	// than for fields this version does not know.
	version := doc.Get("version")
	if version == nil {
		return nil, p.errorf(doc.Offset, "no version: not a skillcheck baseline")
	}
	v, err := p.int(version, "version")
	if err != nil {
		return nil, err
	}
	if v < 1 || v > Version {
		return nil, p.errorf(version.Offset, "version %d is not one this skillcheck reads (%d); write the baseline again with --write-baseline", v, Version)
	}
	list := doc.Get("findings")
	switch {
	case list == nil:
		return nil, p.errorf(doc.Offset, "no findings list")
	case list.Kind != jsonpos.Array:
		return nil, p.errorf(list.Offset, "findings: want a JSON array, not %s", list.Kind)
	}
	b := &File{matched: map[string]bool{}}
	for _, item := range list.Items {
		f, err := p.finding(item)
		if err != nil {
			return nil, err
		}
		if _, dup := b.matched[f.Fingerprint]; dup {
			return nil, p.errorf(item.Offset, "finding %s is recorded twice", f.Fingerprint)
		}
		b.Add(f)
	}
	return b, nil
}

// parser reads a baseline document, keeping positions for its errors.
type parser struct {
	name string
	data []byte
}

// finding reads and checks one finding.
func (p *parser) finding(v *jsonpos.Value) (Finding, error) {
	var f Finding
	if v.Kind != jsonpos.Object {
		return f, p.errorf(v.Offset, "a finding is a JSON object, not %s", v.Kind)
	}
	text := map[string]*string{"path": &f.Path, "rule": &f.Rule, "text": &f.Text, "fingerprint": &f.Fingerprint, "message": &f.Message}
	for _, m := range v.Fields {
		var err error
		switch dst, ok := text[m.Key]; {
		case ok && m.Value.Kind == jsonpos.String:
			*dst = m.Value.Str
		case ok:
			err = p.errorf(m.Value.Offset, "%s: want a string, not %s", m.Key, m.Value.Kind)
		case m.Key == "occurrence":
			f.Occurrence, err = p.int(m.Value, m.Key)
		default:
			err = p.errorf(m.KeyOffset, "unknown field %q in a finding", m.Key)
		}
		if err != nil {
			return f, err
		}
	}
	switch {
	case f.Rule == "" || f.Path == "" || f.Fingerprint == "":
		return f, p.errorf(v.Offset, "a finding needs path, rule and fingerprint")
	case f.Occurrence < 1:
		return f, p.errorf(v.Offset, "occurrence %d: want 1 or more", f.Occurrence)
	case f.key().Fingerprint(f.Occurrence) != f.Fingerprint:
		return f, p.errorf(v.Offset, "fingerprint %s does not match the finding's path, rule, text and occurrence (edited by hand?); write the baseline again with --write-baseline", f.Fingerprint)
	}
	return f, nil
}

// int reads a whole number.
func (p *parser) int(v *jsonpos.Value, what string) (int, error) {
	n, err := strconv.Atoi(v.Str)
	if v.Kind != jsonpos.Number || err != nil {
		return 0, p.errorf(v.Offset, "%s: want a whole number", what)
	}
	return n, nil
}

// errorf returns an *Error at byte offset off of the document.
func (p *parser) errorf(off int, format string, args ...any) error {
	off = min(max(off, 0), len(p.data))
	before := p.data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return &Error{Path: p.name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}
