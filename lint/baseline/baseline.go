package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"slices"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
)

// Version is the version of the baseline format this package reads and
// writes.
const Version = 1

// maxSize is the largest baseline file read.
const maxSize = 64 << 20

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

// Read reads the baseline at path (a regular file of at most 64 MiB).
func Read(path string) (*File, error) {
	data, err := safefs.ReadFile(path, maxSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Error is a malformed baseline, with the position of the fault.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: baseline: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Parse reads a baseline from data; name is the file's name, for errors.
// Anything but a well-formed baseline of a version this package reads is an
// [*Error] naming the line and column of the fault.
func Parse(name string, data []byte) (*File, error) {
	p := &parser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	raws, err := p.document()
	if err != nil {
		return nil, err
	}
	b := &File{matched: map[string]bool{}}
	for _, raw := range raws {
		f, err := p.finding(raw)
		if err != nil {
			return nil, err
		}
		if _, dup := b.matched[f.Fingerprint]; dup {
			return nil, p.errorf(raw.offset, "finding %s is recorded twice", f.Fingerprint)
		}
		b.Add(f)
	}
	return b, nil
}

// rawFinding is a finding not yet decoded, and where it starts.
type rawFinding struct {
	offset int64
	data   json.RawMessage
}

// parser reads a baseline document, keeping positions for its errors.
type parser struct {
	name string
	data []byte
	dec  *json.Decoder
}

// document reads the top-level object: it checks the version before the
// findings are decoded, so that a newer file is refused as newer rather
// than for fields this version does not know.
func (p *parser) document() ([]rawFinding, error) {
	var raws []rawFinding
	if err := p.delim('{', "a JSON object"); err != nil {
		return nil, err
	}
	hasVersion, hasFindings := false, false
	for p.dec.More() {
		keyOff := p.next()
		tok, err := p.dec.Token()
		if err != nil {
			return nil, p.jsonError(err, keyOff)
		}
		key, _ := tok.(string)
		off := p.next()
		switch key {
		case "version":
			hasVersion = true
			var v int
			if err := p.dec.Decode(&v); err != nil {
				return nil, p.errorf(off, "version: want a whole number")
			}
			if v < 1 || v > Version {
				return nil, p.errorf(off, "version %d is not one this skillcheck reads (%d); write the baseline again with --write-baseline", v, Version)
			}
		case "findings":
			hasFindings = true
			if err := p.delim('[', "findings: a JSON array"); err != nil {
				return nil, err
			}
			for p.dec.More() {
				r := rawFinding{offset: p.next()}
				if err := p.dec.Decode(&r.data); err != nil {
					return nil, p.jsonError(err, r.offset)
				}
				raws = append(raws, r)
			}
			if err := p.delim(']', "the end of findings"); err != nil {
				return nil, err
			}
		default:
			return nil, p.errorf(keyOff, "unknown key %q (want version and findings)", key)
		}
	}
	if err := p.delim('}', "the end of the object"); err != nil {
		return nil, err
	}
	if rest := p.data[p.dec.InputOffset():]; len(bytes.TrimSpace(rest)) > 0 {
		return nil, p.errorf(int64(len(p.data)-len(bytes.TrimLeft(rest, " \t\r\n"))), "data after the baseline's object")
	}
	switch {
	case !hasVersion:
		return nil, p.errorf(0, "no version: not a skillcheck baseline")
	case !hasFindings:
		return nil, p.errorf(0, "no findings list")
	}
	return raws, nil
}

// finding decodes and checks one finding.
func (p *parser) finding(r rawFinding) (Finding, error) {
	var f Finding
	dec := json.NewDecoder(bytes.NewReader(r.data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, p.jsonError(err, r.offset)
	}
	switch {
	case f.Rule == "" || f.Path == "" || f.Fingerprint == "":
		return f, p.errorf(r.offset, "a finding needs path, rule and fingerprint")
	case f.Occurrence < 1:
		return f, p.errorf(r.offset, "occurrence %d: want 1 or more", f.Occurrence)
	case f.key().Fingerprint(f.Occurrence) != f.Fingerprint:
		return f, p.errorf(r.offset, "fingerprint %s does not match the finding's path, rule, text and occurrence (edited by hand?); write the baseline again with --write-baseline", f.Fingerprint)
	}
	return f, nil
}

// delim reads the delimiter want, or fails saying what was expected.
func (p *parser) delim(want json.Delim, what string) error {
	off := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return p.jsonError(err, off)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return p.errorf(off, "want %s", what)
	}
	return nil
}

// next returns the offset of the next token: past white space, commas and
// colons.
func (p *parser) next() int64 {
	off := p.dec.InputOffset()
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// jsonError turns a decoding error into an *Error, at the offset the
// error names or else at off.
func (p *parser) jsonError(err error, off int64) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// A decoder reading tokens places some syntax errors loosely; the
		// whole document parsed at once places them at the character.
		var v any
		if whole := json.Unmarshal(p.data, &v); errors.As(whole, &syntax) {
			return p.errorf(syntax.Offset-1, "invalid JSON: %s", syntax.Error())
		}
		return p.errorf(syntax.Offset, "invalid JSON: %s", syntax.Error())
	case errors.As(err, &typ):
		want := "a string"
		if typ.Type.Kind() == reflect.Int {
			want = "a whole number"
		}
		return p.errorf(off+typ.Offset, "%s: want %s, not a JSON %s", typ.Field, want, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return p.errorf(int64(len(p.data)), "the document ends early")
	}
	return p.errorf(off, "%s", err.Error())
}

// errorf returns an *Error at byte offset off of the document.
func (p *parser) errorf(off int64, format string, args ...any) error {
	off = min(max(off, 0), int64(len(p.data)))
	before := p.data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len([]rune(string(before[bytes.LastIndexByte(before, '\n')+1:]))) + 1
	return &Error{Path: p.name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}
