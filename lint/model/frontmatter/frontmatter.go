package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	adrg "github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Limits that keep hostile headers cheap to read.
const (
	// MaxNodes bounds the number of YAML nodes a header may expand to, aliases
	// followed. Real headers have a few dozen.
	MaxNodes = 10_000
	// MaxDepth bounds how deeply YAML collections may nest.
	MaxDepth = 64
)

// Header is the frontmatter of one file.
type Header struct {
	// Found reports whether an opening "---" line starts the file, after any
	// byte order mark and blank lines. It is true also when the header is not
	// closed.
	Found bool
	// Closed reports whether a closing "---" line was found.
	Closed bool
	// Open is the offset of the opening delimiter.
	Open int
	// Start and End delimit the YAML text in the file (End is the start of the
	// closing delimiter line, or the end of the file when the header is not
	// closed).
	Start, End int
	// BodyStart is the offset where the Markdown body begins: after the
	// closing delimiter line, or 0 when there is no closed header.
	BodyStart int
	// LeadingBlank reports blank lines before the opening delimiter.
	LeadingBlank bool

	// Claude is how Claude Code reads the same bytes.
	Claude ClaudeReading

	// Root is the top-level mapping, nil when the YAML did not parse or is not
	// a mapping. When Claude Code's repair made the YAML parse, Root is the
	// repaired reading.
	Root *yaml.Node
	// Fields are Root's key/value pairs in order, duplicates included.
	Fields []Field
	// Err is the first problem with the YAML: it does not parse, is not a
	// mapping, or exceeds the limits. With Repair set, it is the error of the
	// unrepaired text.
	Err *Error
	// Repair lists the lines Claude Code's loader has to rewrite before the YAML
	// parses; nil when it parses as written.
	Repair []RepairedLine

	file *source.File
}

// ClaudeReading describes where Claude Code's frontmatter pattern
// /^---\s*\n([\s\S]*?)---\s*\n?/ finds the header.
type ClaudeReading struct {
	// Found reports whether the pattern matches at all.
	Found bool
	// Start and End delimit the YAML text Claude Code reads.
	Start, End int
}

// Field is one top-level key of the header.
type Field struct {
	Key   string
	KeyN  *yaml.Node
	Value *yaml.Node
}

// Error is a YAML problem at a position in the file.
type Error struct {
	Kind    ErrorKind
	Offset  int
	Message string
}

// ErrorKind classifies YAML problems.
type ErrorKind int

const (
	// Syntax: the text is not YAML.
	Syntax ErrorKind = iota + 1
	// NotMapping: the YAML is a list or a scalar, not keys and values.
	NotMapping
	// Limit: the YAML exceeds MaxNodes or MaxDepth.
	Limit
)

func (e *Error) Error() string { return e.Message }

// RepairKind says what Claude Code's loader changes on a line.
type RepairKind int

const (
	// Quoted: the value was wrapped in quotes.
	Quoted RepairKind = iota + 1
	// Untabbed: leading tabs were turned into spaces.
	Untabbed
)

// RepairedLine is one line Claude Code's loader rewrites.
type RepairedLine struct {
	Kind RepairKind
	// Line is the 1-based line in the file.
	Line int
	// ValueStart and ValueEnd delimit the value that was quoted (Quoted only).
	ValueStart, ValueEnd int
	// Replacement is the rewritten value or indentation.
	Replacement string
}

// Parse reads the header of f. It never fails: problems are recorded in the
// returned Header.
func Parse(f *source.File) *Header {
	h := &Header{file: f}
	h.Claude = claudeReading(f.Src)
	h.split(f)
	if !h.Found {
		return h
	}
	h.parseYAML(f.Src[h.Start:h.End])
	return h
}

// BodyStart returns where the Markdown after f's header starts: after the
// closing delimiter of a closed header, else 0. It does not decode the
// header, for documents whose header nothing reads (a skill's reference
// files).
func BodyStart(f *source.File) int {
	h := &Header{file: f}
	h.split(f)
	if !h.Closed {
		return 0
	}
	return h.BodyStart
}

// File returns the file the header belongs to.
func (h *Header) File() *source.File { return h.file }

// Get returns the last field with the given key (later keys win, as in Claude
// Code), or nil.
func (h *Header) Get(key string) *Field {
	for i := len(h.Fields) - 1; i >= 0; i-- {
		if h.Fields[i].Key == key {
			return &h.Fields[i]
		}
	}
	return nil
}

// NodeOffset returns the byte offset in the file of a node of the header.
func (h *Header) NodeOffset(n *yaml.Node) int {
	return h.lineColOffset(n.Line, n.Column)
}

// lineColOffset maps a 1-based YAML line and column to a file offset.
func (h *Header) lineColOffset(line, col int) int {
	base := h.file.Position(h.Start).Line
	return h.file.Offset(source.Pos{Line: base + line - 1, Col: col})
}

// split finds the author's header with github.com/adrg/frontmatter.
func (h *Header) split(f *source.File) {
	skip := 0
	if f.HasBOM() {
		skip = len(source.BOM)
	}
	text := f.Src[skip:]
	open, ok := openingLine(text)
	if !ok {
		return
	}
	h.Found = true
	h.Open = skip + open.start
	h.LeadingBlank = open.start > 0
	h.Start = skip + open.end
	h.End = len(f.Src)

	// adrg/frontmatter copies everything it reads; give it the text only up
	// to the first line that could close the header.
	limit := len(text)
	if end := closingLine(text, open.end); end >= 0 {
		limit = end
	}
	var yamlText []byte
	capture := adrg.NewFormat("---", "---", func(data []byte, _ any) error {
		yamlText = data
		return nil
	})
	if _, err := adrg.Parse(bytes.NewReader(text[:limit]), nil, capture); err != nil || yamlText == nil {
		return // not closed
	}
	h.Closed = true
	h.End = h.Start + len(yamlText)
	h.BodyStart = skip + limit
}

// closingLine returns the offset after the first line from off on that is
// "---" once trimmed (the closing delimiter), or -1.
func closingLine(text []byte, off int) int {
	for off < len(text) {
		next := len(text)
		if i := bytes.IndexByte(text[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		if string(bytes.TrimSpace(text[off:next])) == "---" {
			return next
		}
		off = next
	}
	return -1
}

type span struct{ start, end int }

// openingLine finds the first non-blank line and reports whether it is a "---"
// delimiter (surrounding spaces allowed, as github.com/adrg/frontmatter does).
func openingLine(text []byte) (span, bool) {
	off := 0
	for off < len(text) {
		end := bytes.IndexByte(text[off:], '\n')
		next := len(text)
		if end >= 0 {
			next = off + end + 1
		}
		line := bytes.TrimSpace(text[off:next])
		if len(line) == 0 {
			off = next
			continue
		}
		lead := off + len(text[off:next]) - len(bytes.TrimLeft(text[off:next], " \t\r\n\v\f"))
		return span{lead, next}, string(line) == "---"
	}
	return span{}, false
}

// claudeReading applies Claude Code's pattern /^---\s*\n([\s\S]*?)---\s*\n?/.
func claudeReading(src []byte) ClaudeReading {
	if !bytes.HasPrefix(src, []byte("---")) {
		return ClaudeReading{}
	}
	// \s*\n after the opening: the whitespace run must hold a newline, and the
	// content starts after the last one (greedy \s* backtracking to \n).
	i := 3
	lastNL := -1
	for i < len(src) && isJSSpace(src[i]) {
		if src[i] == '\n' {
			lastNL = i
		}
		i++
	}
	if lastNL < 0 {
		return ClaudeReading{}
	}
	start := lastNL + 1
	end := bytes.Index(src[start:], []byte("---"))
	if end < 0 {
		return ClaudeReading{}
	}
	return ClaudeReading{Found: true, Start: start, End: start + end}
}

func isJSSpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses the header text strictly, then as Claude Code repairs it.
func (h *Header) parseYAML(text []byte) {
	root, err := h.decode(text)
	if err == nil {
		h.setRoot(root)
		return
	}
	h.Err = err
	if err.Kind != Syntax { // Claude Code repairs only what fails to parse
		return
	}
	repaired, lines := repair(text)
	if lines == nil {
		return
	}
	root, rerr := h.decode(repaired)
	if rerr != nil {
		return
	}
	// The repaired text has the same lines as the original, so node positions
	// still point at the right lines; columns after a quoted value may shift.
	base := h.file.Position(h.Start).Line
	for i := range lines {
		lines[i].Line += base - 1
		if lines[i].Kind == Quoted {
			lineStart := h.file.LineStart(lines[i].Line)
			lines[i].ValueStart += lineStart
			lines[i].ValueEnd += lineStart
		}
	}
	h.Repair = lines
	h.setRoot(root)
}

func (h *Header) setRoot(root *yaml.Node) {
	if root == nil { // an empty header is an empty mapping
		return
	}
	h.Root = root
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		h.Fields = append(h.Fields, Field{Key: k.Value, KeyN: k, Value: v})
	}
}

// decode parses text into the top-level mapping node, checking the limits.
func (h *Header) decode(text []byte) (*yaml.Node, *Error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, h.yamlError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{Kind: NotMapping, Offset: h.NodeOffset(root),
			Message: fmt.Sprintf("frontmatter is %s, not a mapping of keys to values", KindName(root))}
	}
	if n, err := checkLimits(root); err != nil {
		return nil, &Error{Kind: Limit, Offset: h.NodeOffset(n), Message: err.Error()}
	}
	return root, nil
}

func (h *Header) yamlError(err error) *Error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	m := yamlLineErr.FindStringSubmatch(msg)
	if m == nil {
		return &Error{Kind: Syntax, Offset: h.Start, Message: trimYAMLPrefix(msg)}
	}
	line, _ := strconv.Atoi(m[1])
	off := h.lineColOffset(line, 1)
	lineText := h.file.Line(h.file.Position(off).Line)
	off += len(lineText) - len(bytes.TrimLeft(lineText, " \t"))
	return &Error{Kind: Syntax, Offset: off, Message: m[2]}
}

func trimYAMLPrefix(msg string) string {
	if len(msg) > 6 && msg[:6] == "yaml: " {
		return msg[6:]
	}
	return msg
}

var errTooLarge = fmt.Errorf("frontmatter expands to more than %d YAML nodes (aliases followed)", MaxNodes)
var errTooDeep = fmt.Errorf("frontmatter nests deeper than %d levels", MaxDepth)

// checkLimits walks the tree with aliases followed and stops at the first node
// past MaxNodes or MaxDepth, so an alias bomb costs at most MaxNodes steps.
func checkLimits(root *yaml.Node) (*yaml.Node, error) {
	count := 0
	var walk func(n *yaml.Node, depth int) (*yaml.Node, error)
	walk = func(n *yaml.Node, depth int) (*yaml.Node, error) {
		count++
		if count > MaxNodes {
			return n, errTooLarge
		}
		if depth > MaxDepth {
			return n, errTooDeep
		}
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			return walk(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			if bad, err := walk(c, depth+1); err != nil {
				return bad, err
			}
		}
		return nil, nil
	}
	return walk(root, 0)
}
