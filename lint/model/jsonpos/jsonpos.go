// Package jsonpos parses JSON into a tree of values that remember where they
// start in the input, so that findings about a manifest or a JSON code block
// can point at the key or value concerned. It uses encoding/json's tokenizer
// and input offsets, and bounds nesting.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Kind is the JSON type of a value.
type Kind int

// JSON value kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{Null: "null", Bool: "a boolean", Number: "a number", String: "a string", Array: "an array", Object: "an object"}

// String names the kind for messages ("a string", "an object", …).
func (k Kind) String() string { return kindNames[k] }

// Value is a JSON value with the byte offset where it starts in the file.
type Value struct {
	Kind   Kind
	Offset int
	Str    string // String; also the text of a Number
	Bool   bool
	Items  []*Value
	Fields []Member
}

// Member is one key of an object.
type Member struct {
	Key       string
	KeyOffset int
	Value     *Value
}

// Get returns the value of the last member named key, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := len(v.Fields) - 1; i >= 0; i-- {
		if v.Fields[i].Key == key {
			return v.Fields[i].Value
		}
	}
	return nil
}

// MaxDepth bounds nesting so hostile manifests stay cheap.
const MaxDepth = 64

// SyntaxError is a JSON error at a byte offset.
type SyntaxError struct {
	Offset  int
	Message string
}

func (e *SyntaxError) Error() string { return e.Message }

// Parse reads one JSON document into a tree of positioned values, using
// encoding/json's tokenizer and its input offsets.
func Parse(src []byte) (*Value, *SyntaxError) {
	p := &jsonParser{src: src, dec: json.NewDecoder(bytes.NewReader(src))}
	p.dec.UseNumber()
	v, err := p.value(0)
	if err != nil {
		return nil, p.syntaxError(err)
	}
	if off := skipSpace(p.src, int(p.dec.InputOffset())); off < len(p.src) {
		return nil, &SyntaxError{Offset: off, Message: "unexpected data after the top-level value"}
	}
	return v, nil
}

type jsonParser struct {
	src []byte
	dec *json.Decoder
}

// nextOffset is where the next token starts: after the decoder's position,
// skipping white space and separators.
func (p *jsonParser) nextOffset() int {
	off := int(p.dec.InputOffset())
	for off < len(p.src) && strings.IndexByte(" \t\r\n,:", p.src[off]) >= 0 {
		off++
	}
	return off
}

// spellCharacter fixes encoding/json's "invalid character 'X'" when the
// character is not ASCII: the decoder quotes its first byte, not the
// character.
func (p *jsonParser) spellCharacter(msg string, off int) string {
	if off >= len(p.src) || p.src[off] < utf8.RuneSelf {
		return msg
	}
	r, _ := utf8.DecodeRune(p.src[off:])
	start := strings.Index(msg, "invalid character '")
	if start < 0 || r == utf8.RuneError {
		return msg
	}
	start += len("invalid character '")
	end := strings.IndexByte(msg[start:], '\'')
	if end < 0 {
		return msg
	}
	return msg[:start] + string(r) + msg[start+end:]
}

// offendingOffset returns the start of the character a syntax error is
// about. The token reader's offsets can lag behind the error, so the whole
// document is read again with json.Unmarshal, whose error names the byte
// after the offending one; the offset is then moved back to the start of
// the character that byte belongs to.
func (p *jsonParser) offendingOffset(fallback int) int {
	off := min(fallback, len(p.src))
	var se *json.SyntaxError
	var v any
	if err := json.Unmarshal(p.src, &v); errors.As(err, &se) && se.Offset > 0 {
		off = min(int(se.Offset)-1, len(p.src))
	}
	for off > 0 && off < len(p.src) && !utf8.RuneStart(p.src[off]) {
		off--
	}
	return off
}

func skipSpace(src []byte, off int) int {
	for off < len(src) && strings.IndexByte(" \t\r\n", src[off]) >= 0 {
		off++
	}
	return off
}

var errTooDeep = fmt.Errorf("JSON nests deeper than %d levels", MaxDepth)

func (p *jsonParser) value(depth int) (*Value, error) {
	if depth > MaxDepth {
		return nil, errTooDeep
	}
	off := p.nextOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	v := &Value{Offset: off}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			v.Kind = Array
			for p.dec.More() {
				item, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				v.Items = append(v.Items, item)
			}
		} else {
			v.Kind = Object
			for p.dec.More() {
				keyOff := p.nextOffset()
				keyTok, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				val, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				v.Fields = append(v.Fields, Member{Key: keyTok.(string), KeyOffset: keyOff, Value: val})
			}
		}
		if _, err := p.dec.Token(); err != nil { // closing delimiter
			return nil, err
		}
	case string:
		v.Kind, v.Str = String, t
	case json.Number:
		v.Kind, v.Str = Number, string(t)
	case bool:
		v.Kind, v.Bool = Bool, t
	case nil:
		v.Kind = Null
	}
	return v, nil
}

func (p *jsonParser) syntaxError(err error) *SyntaxError {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off := p.offendingOffset(int(se.Offset))
		return &SyntaxError{Offset: off, Message: "invalid JSON: " + p.spellCharacter(se.Error(), off)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &SyntaxError{Offset: len(p.src), Message: "invalid JSON: unexpected end of file"}
	case errors.Is(err, errTooDeep):
		return &SyntaxError{Offset: p.nextOffset(), Message: err.Error()}
	}
	return &SyntaxError{Offset: p.nextOffset(), Message: "invalid JSON: " + err.Error()}
}
