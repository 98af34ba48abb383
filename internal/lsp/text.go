package lsp

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// The protocol counts columns in UTF-16 code units, the engine in bytes;
// these convert between the two on a file's content.

// position returns the protocol position of byte offset off in src.
func position(src []byte, off int) protocol.Position {
	off = max(0, min(off, len(src)))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return protocol.Position{
		Line:      uint32(bytes.Count(src[:off], []byte{'\n'})),
		Character: uint32(utf16Units(src[start:off])),
	}
}

// offset returns the byte offset of protocol position p in src: the end of
// the line for a column past it, the end of src for a line past it.
func offset(src []byte, p protocol.Position) int {
	start := 0
	for range p.Line {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			return len(src)
		}
		start += i + 1
	}
	end := lineEnd(src, start)
	units := 0
	for i := start; i < end; {
		if units >= int(p.Character) {
			return i
		}
		r, size := utf8.DecodeRune(src[i:])
		units += runeUnits(r)
		i += size
	}
	return end
}

// lineEnd returns the offset of the end of the line holding off, before
// its line break.
func lineEnd(src []byte, off int) int {
	end := off
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		end += i
	} else {
		end = len(src)
	}
	if end > off && src[end-1] == '\r' {
		end--
	}
	return end
}

// span returns the range from start to end in src.
func span(src []byte, start, end int) protocol.Range {
	return protocol.Range{Start: position(src, start), End: position(src, end)}
}

func utf16Units(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += runeUnits(r)
		b = b[size:]
	}
	return n
}

// runeUnits is how many UTF-16 code units r takes; an invalid byte counts
// as one (editors show it as U+FFFD).
func runeUnits(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}

// isWordByte reports whether b may be part of a rule ID, an alias or a
// frontmatter key.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_'
}

// wordAt returns the bounds of the word around byte offset off.
func wordAt(src []byte, off int) (start, end int) {
	off = max(0, min(off, len(src)))
	start, end = off, off
	for start > 0 && isWordByte(src[start-1]) {
		start--
	}
	for end < len(src) && isWordByte(src[end]) {
		end++
	}
	return start, end
}
