package markdown

import "bytes"

// MaxNesting is the deepest nesting of lists and block quotes handed to the
// Markdown parser. goldmark's time grows with the cube of the depth on lines
// that stay inside deep containers (800 levels over 640 KB: 1.4 s), and no
// Markdown a person writes nests more than a dozen levels.
const MaxNesting = 32

// Nesting is where a body nests lists and quotes deeper than MaxNesting.
type Nesting struct {
	// Offset is the start of the first line over the limit, in the file.
	Offset int
	// Depth is the deepest nesting estimated; Lines how many lines were over.
	Depth, Lines int
}

// container is an open list item: a line indented to its content column or
// more is inside it.
type container struct{ content int }

// capNesting returns body with every line that nests deeper than limit blanked
// (its bytes but the line ending replaced by spaces, so offsets keep their
// meaning), and where that happened; nil when nothing is over the limit. The
// depth of a line is estimated as CommonMark would build it, from the list
// items whose content column contains the line and the quote and list
// markers that open the line; inside fenced code, markers are text. Columns
// count tabs to the next multiple of four, as CommonMark does.
func capNesting(body []byte, limit int) ([]byte, *Nesting) {
	var (
		out   []byte
		found *Nesting
		open  []container
		fence []byte // the fence that opened the code block the line is in
	)
	for start := 0; start < len(body); {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		line := body[start:end]
		i, col := skipSpaces(line, 0, 0)
		if i == len(line) || line[i] == '\r' {
			start = end + 1
			continue // a blank line leaves the containers open, and has nothing to parse
		}
		for len(open) > 0 && open[len(open)-1].content > col {
			open = open[:len(open)-1]
		}
		depth := len(open)
		if fence == nil {
			var markers int
			markers, i, open = openers(line, i, col, open)
			depth += markers
		}
		if f := fenceOf(line[i:]); f != nil {
			switch {
			case fence == nil:
				fence = f
			case f[0] == fence[0] && len(f) >= len(fence) && isBlank(line[i+len(f):]):
				fence = nil
			}
		}
		if depth > limit {
			if out == nil {
				out = bytes.Clone(body)
				found = &Nesting{Offset: start}
			}
			found.Depth = max(found.Depth, depth)
			found.Lines++
			for j := start; j < end; j++ {
				if out[j] != '\r' {
					out[j] = ' '
				}
			}
		}
		start = end + 1
	}
	if out == nil {
		return body, nil
	}
	return out, found
}

// openers counts the quote and list markers that open the line at byte i
// and column col, pushing list items onto open; it returns the count, the
// byte where the line's content starts, and the new open list.
func openers(line []byte, i, col int, open []container) (int, int, []container) {
	n := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == '>':
			n++
			i, col = i+1, col+1
			if i < len(line) && line[i] == ' ' {
				i, col = i+1, col+1
			}
		case (c == '-' || c == '*' || c == '+') && spaceOrEnd(line, i+1):
			n++
			i, col = listContent(line, i+1, col+1)
			open = append(open, container{content: col})
		case c >= '0' && c <= '9':
			d := i
			for d < len(line) && d-i < 9 && line[d] >= '0' && line[d] <= '9' {
				d++
			}
			if d >= len(line) || line[d] != '.' && line[d] != ')' || !spaceOrEnd(line, d+1) {
				return n, i, open
			}
			n++
			i, col = listContent(line, d+1, col+d+1-i)
			open = append(open, container{content: col})
		default:
			return n, i, open
		}
		i, col = skipSpaces(line, i, col)
	}
	return n, i, open
}

// listContent returns the byte and column where a list item's content
// starts, its marker ending at byte i, column col: after one to four
// columns of space, or one column after the marker when there are more.
func listContent(line []byte, i, col int) (int, int) {
	j, c := skipSpaces(line, i, col)
	if c == col || c-col > 4 {
		return min(i+1, len(line)), col + 1
	}
	return j, c
}

// skipSpaces skips spaces and tabs from byte i at column col.
func skipSpaces(line []byte, i, col int) (int, int) {
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return i, col
		}
	}
	return i, col
}

// fenceOf returns the run of three or more backticks or tildes that opens
// the text, or nil.
func fenceOf(text []byte) []byte {
	if len(text) < 3 || text[0] != '`' && text[0] != '~' {
		return nil
	}
	n := 0
	for n < len(text) && text[n] == text[0] {
		n++
	}
	if n < 3 {
		return nil
	}
	return text[:n]
}

func spaceOrEnd(line []byte, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r'
}

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }
