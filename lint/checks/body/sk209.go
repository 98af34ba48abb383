package body

import (
	"bytes"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// fenceUnclosed is SK209: code fences must be closed. Documented in docs/SK209.md.
var fenceUnclosed = &analysis.Rule{
	ID: "SK209", Alias: "fence-unclosed", Severity: analysis.Error,
	Summary: "code fences must be closed",
	Skill:   checkFenceUnclosed,
}

func checkFenceUnclosed(p *analysis.Pass, s *skill.Skill) {
	for _, d := range links.Docs(s) {
		f := d.Doc.File
		for i, b := range d.Doc.CodeBlocks {
			if b.Closed {
				continue
			}
			if outer, inner := nestedFence(d.Doc.CodeBlocks[:i], b); outer != nil {
				// The fence is the closing fence of an example that holds a
				// block of its own: the inner block's fence closed it early.
				rp := p
				if blank(b) {
					rp = p.AtMost(analysis.Warning)
				}
				fence := strings.Repeat(string(outer.Fence), outer.FenceLen+1)
				rp.Reportf(f, b.Offset, "this fence was meant to close the block opened at line %d, but the fence at line %d, meant to close the inner block opened at line %d, closed it early, so this one opens a block that is never closed; lengthen the outer block's fences to %s", f.Position(outer.Offset).Line, f.Position(outer.End-1).Line, f.Position(inner.Offset).Line, fence)
				continue
			}
			switch {
			case blank(b):
				p.AtMost(analysis.Warning).Reportf(f, b.Offset, "code fence opened here is never closed, but no text follows it in the file or the list item that holds it, so none turns into code; it is a stray fence, or one of the fences above is unpaired and the pairs since are off by one (look for a block that holds prose): remove it or fix the pairing")
			case len(bytes.TrimSpace(f.Src[b.End:])) > 0:
				p.Reportf(f, b.Offset, "code block opened here is never closed: it runs to the end of the list item or quote that holds it (line %d), and the text up to there is code", f.Position(b.End-1).Line)
			case shortSnippet(b):
				// A few lines at the end of the file, no heading or link
				// among them: they are the code the block was opened for,
				// and no instruction is swallowed.
				p.AtMost(analysis.Warning).Reportf(f, b.Offset, "code block opened here is never closed: only the snippet after it, to the end of the file, is code, as it seems meant to be; close the fence")
			default:
				p.Reportf(f, b.Offset, "code block opened here is never closed: everything after it, to the end of the file, is code")
			}
		}
	}
}

// shortTail is the most lines an unclosed block at the end of a file may
// hold for a warning: a snippet, not the rest of a document.
const shortTail = 3

// shortSnippet reports an unclosed block of at most shortTail lines of text,
// none of which could be a heading or hold a link (a line starting with #,
// as a heading or a comment does, or holding "]("): a snippet, not a
// document turned into code.
func shortSnippet(b *markdown.CodeBlock) bool {
	if nonBlank(b) > shortTail {
		return false
	}
	for _, l := range b.Lines {
		if t := strings.TrimSpace(l.Text); strings.HasPrefix(t, "#") || strings.Contains(t, "](") {
			return false
		}
	}
	return true
}

// nonBlank counts a code block's lines that hold text.
func nonBlank(b *markdown.CodeBlock) int {
	n := 0
	for _, l := range b.Lines {
		if strings.TrimSpace(l.Text) != "" {
			n++
		}
	}
	return n
}

// blank reports a code block whose lines are all blank.
func blank(b *markdown.CodeBlock) bool {
	for _, l := range b.Lines {
		if strings.TrimSpace(l.Text) != "" {
			return false
		}
	}
	return true
}

// nestedFence reports an unclosed bare fence b that closes nothing because
// the block before it (outer, among the file's earlier blocks) holds a fence
// line with an info string (inner, such as ```bash): a same-length fence
// line after it closed outer, and b, meant as outer's closing fence, opened
// a new block instead.
func nestedFence(earlier []*markdown.CodeBlock, b *markdown.CodeBlock) (outer *markdown.CodeBlock, inner *markdown.CodeLine) {
	if b.Info != "" || len(earlier) == 0 {
		return nil, nil
	}
	prev := earlier[len(earlier)-1]
	if !prev.Closed || prev.Fence != b.Fence || prev.FenceLen != b.FenceLen {
		return nil, nil
	}
	for i := range prev.Lines {
		l := &prev.Lines[i]
		t := strings.TrimLeft(l.Text, " ")
		run := len(t) - len(strings.TrimLeft(t, string(b.Fence)))
		if run >= b.FenceLen && strings.TrimSpace(t[run:]) != "" && len(l.Text)-len(t) < 4 {
			return prev, l
		}
	}
	return nil, nil
}
