// Package termdoc renders skillcheck's own Markdown documentation (a rule's
// explanation) for a terminal: headings and strong text bold, code in a
// colour of its own, paragraphs and list items wrapped to the terminal's
// width, code blocks and tables as written.
//
// It uses the terminal's own sixteen colours, which its theme adapts to a
// dark or light background, so it never has to ask the terminal which one
// it has. It knows the Markdown those documents use (CommonMark, and GFM
// tables kept as written); it is not a general Markdown viewer. A full one
// (glamour) was used before, but linking it made every lint run start
// 13–18 ms slower, half of the start-up time of a run on a small
// repository.
package termdoc

import (
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// margin is the indentation of every line, as a page has margins.
const margin = "  "

// Render returns md laid out for a terminal width columns wide, styled in
// the colours p supports (termenv.Ascii for none).
func Render(md string, width int, p termenv.Profile) string {
	src := []byte(md)
	r := &renderer{src: src, width: max(width, 20), p: p}
	root := goldmark.DefaultParser().Parse(text.NewReader(src))
	r.blocks(root, margin, margin)
	return strings.TrimRight(r.out.String(), "\n") + "\n"
}

type renderer struct {
	src   []byte
	width int // of the whole line, margin included
	p     termenv.Profile
	out   strings.Builder
}

// code colours code; heading colours headings.
func (r *renderer) code(s termenv.Style) termenv.Style {
	return s.Foreground(r.p.Convert(termenv.ANSICyan))
}

func (r *renderer) heading(s termenv.Style) termenv.Style {
	return s.Foreground(r.p.Convert(termenv.ANSIBrightBlue))
}

// word is a run of text without spaces and the style it is written in.
type word struct {
	text  string
	style style
	// glued is set when no space separates the word from the one before.
	glued bool
}

// blocks renders the children of n, the first line of the first child
// prefixed by first and every other line by rest.
func (r *renderer) blocks(n ast.Node, first, rest string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c != n.FirstChild() {
			first = rest
			if r.out.Len() > 0 && !tight(n) {
				r.out.WriteString("\n")
			}
		}
		r.block(c, first, rest)
	}
}

// tight reports whether n is a list whose items are not separated by blank
// lines.
func tight(n ast.Node) bool {
	if l, ok := n.(*ast.List); ok {
		return l.IsTight
	}
	if _, ok := n.(*ast.ListItem); ok {
		return tight(n.Parent())
	}
	return false
}

func (r *renderer) block(n ast.Node, first, rest string) {
	switch n := n.(type) {
	case *ast.Heading:
		r.paragraph(r.inline(n, style{termenv.Style.Bold, r.heading}), first, rest)
	case *ast.Paragraph, *ast.TextBlock:
		if lines := n.Lines(); isTable(lines, r.src) {
			r.table(lines, first, rest)
			return
		}
		r.paragraph(r.inline(n, nil), first, rest)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		r.verbatim(n.Lines(), first+"    ", rest+"    ", style{r.code})
	case *ast.List:
		number := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "• "
			if n.IsOrdered() {
				marker = strconv.Itoa(number) + ". "
				number++
			}
			if item != n.FirstChild() && !n.IsTight {
				r.out.WriteString("\n")
			}
			r.blocks(item, first+marker, rest+strings.Repeat(" ", runewidth.StringWidth(marker)))
			first = rest
		}
	case *ast.Blockquote:
		r.blocks(n, first+"│ ", rest+"│ ")
	case *ast.ThematicBreak:
		r.line(first, strings.Repeat("─", min(r.width, 40)))
	case *ast.HTMLBlock:
		r.verbatim(n.Lines(), first, rest, nil)
	default:
		r.blocks(n, first, rest)
	}
}

// verbatim writes lines as they are, in style st, the first after first
// and the others after rest.
func (r *renderer) verbatim(lines *text.Segments, first, rest string, st style) {
	for i := 0; i < lines.Len(); i++ {
		r.line(first, r.styled(r.lineText(lines, i), st))
		first = rest
	}
}

// isTable reports whether every line of a paragraph starts with "|": a GFM
// table, which CommonMark reads as text.
func isTable(lines *text.Segments, src []byte) bool {
	if lines.Len() < 2 {
		return false
	}
	for i := 0; i < lines.Len(); i++ {
		if !strings.HasPrefix(strings.TrimSpace(string(seg(lines, i).Value(src))), "|") {
			return false
		}
	}
	return true
}

// table writes a GFM table as one paragraph per row, its cells joined by
// dashes, the header row in bold: a table as wide as its source would not
// fit the terminal.
func (r *renderer) table(lines *text.Segments, first, rest string) {
	for i := 0; i < lines.Len(); i++ {
		cells := cells(r.lineText(lines, i))
		if i == 1 && strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // the delimiter row
		}
		var words []word
		for j, c := range cells {
			if j > 0 {
				words = append(words, word{text: "—"})
			}
			root := goldmark.DefaultParser().Parse(text.NewReader([]byte(c)))
			if p := root.FirstChild(); p != nil {
				var base style
				if i == 0 {
					base = style{termenv.Style.Bold}
				}
				words = append(words, (&renderer{src: []byte(c), p: r.p}).inline(p, base)...)
			}
		}
		r.paragraph(words, first, rest+"  ")
		first = rest
	}
}

// cells splits a table row at the bars that are neither escaped nor in a
// code span, and trims each cell.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	var out []string
	var cell strings.Builder
	ticks := 0 // the length of the backtick run that opened a code span, 0 outside one
	for i := 0; i < len(row); i++ {
		switch c := row[i]; {
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			cell.WriteByte('|')
			i++
		case c == '`':
			n := 1
			for i+n < len(row) && row[i+n] == '`' {
				n++
			}
			cell.WriteString(row[i : i+n])
			i += n - 1
			if ticks == 0 {
				ticks = n
			} else if ticks == n {
				ticks = 0
			}
		case c == '|' && ticks == 0:
			out = append(out, strings.TrimSpace(cell.String()))
			cell.Reset()
		default:
			cell.WriteByte(c)
		}
	}
	return append(out, strings.TrimSpace(cell.String()))
}

// inline returns the words of n's inline content, styled.
func (r *renderer) inline(n ast.Node, base style) []word {
	var words []word
	spaced := true // whether a space comes before the next text
	emit := func(s string, st style) {
		for i, f := range strings.Split(s, " ") {
			spaced = spaced || i > 0
			if f != "" {
				words = append(words, word{text: f, style: st, glued: !spaced})
				spaced = false
			}
		}
	}
	var add func(n ast.Node, st style)
	add = func(n ast.Node, st style) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				emit(string(c.Segment.Value(r.src)), st)
				spaced = spaced || c.SoftLineBreak() || c.HardLineBreak()
			case *ast.String:
				emit(string(c.Value), st)
			case *ast.CodeSpan:
				var code strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if t, ok := t.(*ast.Text); ok {
						code.Write(t.Segment.Value(r.src))
					}
				}
				emit(strings.ReplaceAll(code.String(), "\n", " "), st.with(r.code))
			case *ast.Emphasis:
				if c.Level >= 2 {
					add(c, st.with(termenv.Style.Bold))
				} else {
					add(c, st.with(termenv.Style.Italic))
				}
			case *ast.Link:
				add(c, st.with(termenv.Style.Underline))
				if dest := string(c.Destination); strings.Contains(dest, "://") {
					spaced = true
					emit("("+dest+")", st.with(termenv.Style.Faint))
				}
			case *ast.AutoLink:
				emit(string(c.URL(r.src)), st.with(termenv.Style.Underline))
			case *ast.RawHTML:
				for i := 0; i < c.Segments.Len(); i++ {
					emit(string(seg(c.Segments, i).Value(r.src)), st)
				}
			default:
				add(c, st)
			}
		}
	}
	add(n, base)
	return words
}

// style is a list of changes to a termenv.Style, applied in order.
type style []func(termenv.Style) termenv.Style

// with returns st followed by f (st itself is not changed).
func (st style) with(f func(termenv.Style) termenv.Style) style {
	return append(st[:len(st):len(st)], f)
}

// paragraph writes words wrapped to the width, the first line after first
// and the others after rest. Words in a row with the same style are styled
// as one run, spaces included.
func (r *renderer) paragraph(words []word, first, rest string) {
	var line, run strings.Builder
	var runStyle style
	runKey := ""
	flushRun := func() {
		line.WriteString(r.styled(run.String(), runStyle))
		run.Reset()
	}
	width, limit := 0, r.width-runewidth.StringWidth(first)
	for i, w := range words {
		ww := runewidth.StringWidth(w.text)
		if width > 0 && !w.glued && width+1+gluedWidth(words[i:]) > limit {
			flushRun()
			r.line(first, line.String())
			line.Reset()
			first, width, limit = rest, 0, r.width-runewidth.StringWidth(rest)
		}
		space := width > 0 && !w.glued
		if key := r.styled("x", w.style); key != runKey {
			flushRun()
			runStyle, runKey = w.style, key
			if space { // between two styles, in neither
				line.WriteByte(' ')
				width++
				space = false
			}
		}
		if space {
			run.WriteByte(' ')
			width++
		}
		run.WriteString(w.text)
		width += ww
	}
	flushRun()
	if line.Len() > 0 {
		r.line(first, line.String())
	}
}

// gluedWidth is the width of the first of words and of those glued to it:
// what must fit on a line together.
func gluedWidth(words []word) int {
	w := runewidth.StringWidth(words[0].text)
	for _, next := range words[1:] {
		if !next.glued {
			break
		}
		w += runewidth.StringWidth(next.text)
	}
	return w
}

// styled returns s in style st.
func (r *renderer) styled(s string, st style) string {
	if s == "" || len(st) == 0 || r.p == termenv.Ascii {
		return s
	}
	out := r.p.String(s)
	for _, f := range st {
		out = f(out)
	}
	return out.String()
}

// lineText returns the ith of lines without its line ending.
func (r *renderer) lineText(lines *text.Segments, i int) string {
	return strings.TrimRight(string(seg(lines, i).Value(r.src)), "\r\n")
}

func seg(lines *text.Segments, i int) *text.Segment {
	s := lines.At(i)
	return &s
}

func (r *renderer) line(prefix, s string) {
	r.out.WriteString(strings.TrimRight(prefix+s, " "))
	r.out.WriteString("\n")
}
