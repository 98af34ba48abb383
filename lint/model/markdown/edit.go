package markdown

import (
	"bytes"
	"strings"
)

// ReplaceContent returns the edit that replaces the block's content with
// content ("\n" line endings, ending in a newline), keeping the fence's
// indentation and the file's line endings. ok is false where a safe edit
// cannot be made: inside a block quote or a list marker, or when the block is
// not closed.
func (b *CodeBlock) ReplaceContent(d *Document, content string) (start, end int, text string, ok bool) {
	f := d.File
	if !b.Closed {
		return 0, 0, "", false
	}
	fenceLine := f.Position(b.Offset).Line
	prefix := f.Src[f.LineStart(fenceLine):b.Offset]
	if len(bytes.Trim(prefix, " ")) != 0 {
		return 0, 0, "", false
	}
	eol := "\n"
	if e := f.LineEnd(fenceLine); e < len(f.Src) && f.Src[e] == '\r' {
		eol = "\r\n"
	}
	var sb strings.Builder
	for _, line := range strings.SplitAfter(content, "\n") {
		if line == "" {
			continue
		}
		line = strings.TrimSuffix(line, "\n")
		if line != "" {
			sb.Write(prefix)
		}
		sb.WriteString(line)
		sb.WriteString(eol)
	}
	start = f.LineStart(fenceLine + 1)
	end = start
	if n := len(b.Lines); n > 0 {
		last := f.Position(b.Lines[n-1].Offset).Line
		end = f.LineStart(last + 1)
	}
	return start, end, sb.String(), true
}
