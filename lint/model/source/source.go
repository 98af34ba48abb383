// Package source holds the bytes of one file under lint and turns byte offsets
// into the 1-based line and column positions that diagnostics carry.
//
// Columns count Unicode code points from the start of the line, so a position
// means the same in every editor whatever the encoding width of the characters
// before it. A UTF-8 byte order mark at the start of the file takes no column,
// and a carriage return before a line feed belongs to the line ending.
package source

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// BOM is the UTF-8 encoding of U+FEFF, the byte order mark.
var BOM = []byte{0xEF, 0xBB, 0xBF}

// File is the content of one file together with its line index.
type File struct {
	// Path is the file's path as shown in diagnostics.
	Path string
	// Src is the file's content exactly as read, byte order mark included.
	Src []byte

	lineStarts []int // byte offset of the first byte of each line
}

// New returns a File for the content src shown as path.
func New(path string, src []byte) *File {
	starts := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	starts[0] = 0
	if bytes.HasPrefix(src, BOM) {
		starts[0] = len(BOM)
	}
	for i := 0; ; {
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			break
		}
		i += nl + 1
		starts = append(starts, i)
	}
	return &File{Path: path, Src: src, lineStarts: starts}
}

// HasBOM reports whether the file starts with a UTF-8 byte order mark.
func (f *File) HasBOM() bool { return bytes.HasPrefix(f.Src, BOM) }

// Lines returns the number of lines: a final line without a newline counts, an
// empty remainder after the last newline does not.
func (f *File) Lines() int {
	n := len(f.lineStarts)
	if f.lineStarts[n-1] == len(f.Src) && n > 1 {
		n--
	}
	return n
}

// Pos is a 1-based line and column in a file.
type Pos struct {
	Line int
	Col  int
}

// Position returns the line and column of byte offset off. Offsets past the end
// of the file are clamped to the end, offsets inside a line ending to the end
// of that line, offsets inside a multi-byte character to its start.
func (f *File) Position(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(f.Src) {
		off = len(f.Src)
	}
	line := f.lineOf(off)
	start := f.lineStarts[line]
	if off < start { // inside the byte order mark
		off = start
	}
	if end := f.LineEnd(line + 1); off > end { // inside the line ending
		off = end
	}
	for off > start && off < len(f.Src) && !utf8.RuneStart(f.Src[off]) { // inside a character
		off--
	}
	return Pos{Line: line + 1, Col: utf8.RuneCount(f.Src[start:off]) + 1}
}

// Offset returns the byte offset of a 1-based line and column, the inverse of
// Position. A column past the end of the line gives the offset of the line end.
func (f *File) Offset(p Pos) int {
	if p.Line < 1 {
		return f.lineStarts[0]
	}
	if p.Line > len(f.lineStarts) {
		return len(f.Src)
	}
	off := f.lineStarts[p.Line-1]
	end := f.LineEnd(p.Line)
	for col := 1; col < p.Col && off < end; col++ {
		_, size := utf8.DecodeRune(f.Src[off:end])
		off += size
	}
	return off
}

// LineStart returns the byte offset where 1-based line n starts.
func (f *File) LineStart(n int) int {
	if n < 1 {
		return f.lineStarts[0]
	}
	if n > len(f.lineStarts) {
		return len(f.Src)
	}
	return f.lineStarts[n-1]
}

// LineEnd returns the byte offset of the end of 1-based line n, before its
// line ending ("\n" or "\r\n").
func (f *File) LineEnd(n int) int {
	if n < 1 {
		n = 1
	}
	if n >= len(f.lineStarts) {
		end := len(f.Src)
		if end > f.LineStart(n) && f.Src[end-1] == '\r' {
			end--
		}
		return end
	}
	end := f.lineStarts[n] - 1 // the '\n'
	if end > f.lineStarts[n-1] && f.Src[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the text of 1-based line n without its line ending.
func (f *File) Line(n int) []byte {
	return f.Src[f.LineStart(n):f.LineEnd(n)]
}

func (f *File) lineOf(off int) int {
	lo, hi := 0, len(f.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// EstimateTokens approximates a tokenizer, the measure every size limit of
// skillcheck uses: about four characters a token for English prose and
// code, and a token for each Chinese, Japanese or Korean character, which
// tokenizers seldom merge.
func EstimateTokens(text []byte) int {
	other, wide := 0, 0
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		if r >= 0x2E80 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r >= 0x3000 && r <= 0x303F) {
			wide++
		} else {
			other++
		}
	}
	return wide + (other+3)/4
}
