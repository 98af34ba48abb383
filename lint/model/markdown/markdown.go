// Package markdown extracts from the body of a Markdown file what the lint
// rules look at: headings, fenced code blocks with their info strings and exact
// lines, links and images, HTML comments, and Claude Code's `!` command
// injections. Parsing is github.com/yuin/goldmark's CommonMark parser, so
// everything inside a code block or a code span is code, not a link or a
// directive. Every element carries a byte offset into the whole file, which
// source.File turns into a line and column.
package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Document is what the rules need to know about a Markdown body.
type Document struct {
	// File is the whole file; Start is where the body begins in it.
	File  *source.File
	Start int

	Headings   []Heading
	CodeBlocks []*CodeBlock
	Links      []Link
	Comments   []Comment
	// Injections are inline `!`command“ placeholders that Claude Code runs when
	// the skill loads.
	Injections []Injection
	// TooDeep, when set, is where lists and quotes nest deeper than
	// MaxNesting; those lines were not parsed.
	TooDeep *Nesting
}

// Heading is an ATX or setext heading.
type Heading struct {
	Level  int
	Text   string
	Offset int
}

// CodeBlock is a fenced code block.
type CodeBlock struct {
	// Offset is where the opening fence starts; InfoOffset where its info
	// string starts (equal to the end of the fence when there is none).
	Offset     int
	InfoOffset int
	// Info is the whole info string; Lang its first word.
	Info string
	Lang string
	// Fence is the fence character ('`' or '~') and FenceLen its length.
	Fence    byte
	FenceLen int
	// Lines are the content lines, each with the offset of its first byte in
	// the file and its text without the line ending or the fence's indentation.
	Lines []CodeLine
	// Closed is false when no closing fence ends the block.
	Closed bool
	// End is the offset just after the block (after the closing fence line, or
	// the end of the last content line when it is not closed).
	End int

	content string // the Lines joined, each ended by "\n"; their texts are slices of it
}

// CodeLine is one content line of a code block.
type CodeLine struct {
	Offset int
	Text   string
}

// Content returns the block's content with "\n" line endings.
func (b *CodeBlock) Content() string {
	if b.content != "" || len(b.Lines) == 0 {
		return b.content
	}
	var sb strings.Builder
	for _, l := range b.Lines {
		sb.WriteString(l.Text)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// Injection reports whether the block is a Claude Code command injection
// (a fence opened with "```!").
func (b *CodeBlock) Injection() bool { return strings.HasPrefix(b.Info, "!") }

// Link is a link or image destination; autolinks (<https://…>) are links.
type Link struct {
	Dest   string
	Offset int
	// Image is true for ![alt](dest).
	Image bool
	// Definition is true for a link reference definition, [label]: dest.
	Definition bool
}

// Comment is an HTML comment outside code.
type Comment struct {
	// Text is what lies between "<!--" and "-->", trimmed.
	Text   string
	Offset int
	End    int
}

// Injection is an inline `!`command“ placeholder.
type Injection struct {
	Command string
	Offset  int
}

var md = goldmark.New()

// Parse reads the Markdown body of f that starts at offset start.
func Parse(f *source.File, start int) *Document {
	if f.HasBOM() && start < len(source.BOM) {
		start = len(source.BOM)
	}
	d := &Document{File: f, Start: start}
	body, deep := capNesting(f.Src[start:], MaxNesting)
	if deep != nil {
		deep.Offset += start
		d.TooDeep = deep
	}
	root := md.Parser().Parse(text.NewReader(body))
	w := walker{doc: d, src: body, base: start}
	_ = ast.Walk(root, w.visit)
	return d
}

type walker struct {
	doc  *Document
	src  []byte
	base int
}

func (w *walker) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Heading:
		w.doc.Headings = append(w.doc.Headings, Heading{
			Level: n.Level, Text: plainText(n, w.src), Offset: w.base + max(n.Pos(), 0)})
	case *ast.FencedCodeBlock:
		w.doc.CodeBlocks = append(w.doc.CodeBlocks, w.codeBlock(n))
		return ast.WalkSkipChildren, nil
	case *ast.Link:
		if n.Reference == nil {
			w.link(string(n.Destination), n.Pos(), false, false)
		}
	case *ast.Image:
		if n.Reference == nil {
			w.link(string(n.Destination), n.Pos(), true, false)
		}
	case *ast.LinkReferenceDefinition:
		w.link(string(n.Destination), n.Pos(), false, true)
	case *ast.AutoLink:
		if n.AutoLinkType == ast.AutoLinkURL {
			w.link(string(n.URL(w.src)), n.Pos(), false, false)
		}
	case *ast.HTMLBlock:
		lines := n.Lines()
		if lines.Len() > 0 {
			first, last := lines.At(0), lines.At(lines.Len()-1)
			stop := last.Stop
			if n.HasClosure() {
				stop = n.ClosureLine.Stop
			}
			w.comments(first.Start, stop)
		}
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			w.comments(n.Segments.At(0).Start, n.Segments.At(n.Segments.Len()-1).Stop)
		}
	case *ast.CodeSpan:
		w.injection(n)
	}
	return ast.WalkContinue, nil
}

func (w *walker) link(dest string, pos int, image, def bool) {
	w.doc.Links = append(w.doc.Links, Link{
		Dest: dest, Offset: w.base + max(pos, 0), Image: image, Definition: def})
}

var commentRe = regexp.MustCompile(`(?s)<!--(.*?)-->`)

func (w *walker) comments(start, stop int) {
	for _, m := range commentRe.FindAllSubmatchIndex(w.src[start:stop], -1) {
		w.doc.Comments = append(w.doc.Comments, Comment{
			Text:   strings.TrimSpace(string(w.src[start+m[2] : start+m[3]])),
			Offset: w.base + start + m[0],
			End:    w.base + start + m[1],
		})
	}
}

// injection records `!`cmd“: Claude Code runs a code span when a "!" right
// before it starts the line or follows whitespace.
func (w *walker) injection(n *ast.CodeSpan) {
	pos := n.Pos()
	if pos < 1 || w.src[pos-1] != '!' {
		return
	}
	if pos >= 2 && !isSpace(w.src[pos-2]) {
		return
	}
	w.doc.Injections = append(w.doc.Injections, Injection{
		Command: plainText(n, w.src), Offset: w.base + pos - 1})
}

func (w *walker) codeBlock(n *ast.FencedCodeBlock) *CodeBlock {
	pos := max(n.Pos(), 0)
	b := &CodeBlock{Offset: w.base + pos, Fence: w.src[pos]}
	for pos+b.FenceLen < len(w.src) && w.src[pos+b.FenceLen] == b.Fence {
		b.FenceLen++
	}
	b.InfoOffset = b.Offset + b.FenceLen
	if n.Info != nil {
		seg := n.Info.Segment
		b.Info = string(seg.Value(w.src))
		b.InfoOffset = w.base + seg.Start
		if fields := strings.Fields(b.Info); len(fields) > 0 {
			b.Lang = fields[0]
		}
	}
	lines := n.Lines()
	after := lineEnd(w.src, pos) // end of the opening fence line
	size := 0
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		size += seg.Stop - seg.Start + 1
	}
	content := make([]byte, 0, size)
	ends := make([]int, lines.Len())
	for i := range ends {
		seg := lines.At(i)
		value := seg.Value(w.src)
		value = bytes.TrimRight(value, "\n")
		value = bytes.TrimRight(value, "\r")
		content = append(append(content, value...), '\n')
		ends[i] = len(content) - 1
		after = lineEnd(w.src, seg.Start)
	}
	b.content = string(content)
	if len(ends) > 0 {
		b.Lines = make([]CodeLine, len(ends))
	}
	for i, end := range ends {
		start := 0
		if i > 0 {
			start = ends[i-1] + 1
		}
		b.Lines[i] = CodeLine{Offset: w.base + lines.At(i).Start, Text: b.content[start:end]}
	}
	b.End = w.base + after
	if closeEnd, ok := closingFence(w.src, after, b.Fence, b.FenceLen); ok {
		b.Closed = true
		b.End = w.base + closeEnd
	}
	return b
}

// closingFence reports whether the line starting at off closes a fence of
// char c and length n (container markers such as "> " and indentation allowed),
// and where that line ends.
func closingFence(src []byte, off int, c byte, n int) (int, bool) {
	if off >= len(src) {
		return off, false
	}
	end := lineEnd(src, off)
	line := bytes.TrimLeft(src[off:end], " \t>")
	run := 0
	for run < len(line) && line[run] == c {
		run++
	}
	return end, run >= n && len(bytes.TrimSpace(line[run:])) == 0
}

// lineEnd returns the offset after the line ending of the line containing off.
func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

func plainText(n ast.Node, src []byte) string {
	var sb strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			sb.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(t.Value)
		case *ast.AutoLink:
			sb.Write(t.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return sb.String()
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
