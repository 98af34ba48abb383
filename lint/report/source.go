package report

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/internal/safetext"
)

// FileSource returns a [TextOptions.Source] that reads lines from the files
// on disk: regular files only (not through a symbolic link, never a pipe or
// a device), of at most limit bytes. It keeps the last file read, as
// findings come sorted by file. It is not safe for concurrent use.
func FileSource(limit int64) func(path string, n int) (string, bool) {
	var (
		last   string
		data   []byte
		starts []int // the byte offset where each line starts
	)
	return func(path string, n int) (string, bool) {
		if path != last {
			last, data, starts = path, nil, nil
			if info, err := os.Lstat(path); err == nil && info.Mode().IsRegular() {
				data, _ = safefs.ReadFile(path, limit)
			}
			if data != nil {
				starts = lineStarts(data)
			}
		}
		if n < 1 || n > len(starts) {
			return "", false
		}
		end := len(data)
		if n < len(starts) {
			end = starts[n] - 1 // the '\n'
		}
		line := data[starts[n-1]:end]
		return string(bytes.TrimSuffix(line, []byte("\r"))), true
	}
}

// lineStarts returns where each line of src starts: lines end at "\n", and
// the first starts after a byte order mark, as skillcheck counts columns.
func lineStarts(src []byte) []int {
	starts := []int{0}
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		starts[0] = 3
	}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// tabWidth is the distance between tab stops when a source line is shown.
const tabWidth = 4

// cell is one character of a source line as a terminal shows it.
type cell struct {
	text  string
	width int
}

// snippet renders a source line for a terminal at most avail columns wide,
// and returns the column (0-based) of the caret under the character at
// 1-based column col, counted in code points as diagnostics count them.
// Tabs become spaces; control, bidirectional and invisible formatting
// characters are shown as escapes, so the line cannot drive the terminal
// and hidden characters show where the caret points; a line too long for the
// terminal is cut around the caret, with "…" where it is cut.
func snippet(line string, col, avail int) (string, int) {
	cells := make([]cell, 0, len(line))
	x := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		var c cell
		switch {
		case r == '\t':
			n := tabWidth - x%tabWidth
			c = cell{strings.Repeat(" ", n), n}
		case r == utf8.RuneError && size == 1, r < 0x20, r >= 0x7f && r <= 0x9f:
			c.text = safetext.Text(line[i : i+size])
		case unicode.Is(unicode.Cf, r):
			c.text = fmt.Sprintf(`\u%04x`, r)
		default:
			c = cell{line[i : i+size], runeWidth(r)}
		}
		if c.width == 0 {
			c.width = len(c.text) // an escape: ASCII
		}
		cells = append(cells, c)
		x += c.width
		i += size
	}
	caretCell := min(max(col-1, 0), len(cells))

	begin, end := 0, len(cells)
	if x > avail {
		budget := max(avail, 20) - 2 // room for an ellipsis at each end
		used := 0
		begin = caretCell
		for begin > 0 && used+cells[begin-1].width <= budget/3 {
			begin--
			used += cells[begin].width
		}
		end, used = begin, 0
		for end < len(cells) && used+cells[end].width <= budget {
			used += cells[end].width
			end++
		}
		for begin > 0 && used+cells[begin-1].width <= budget { // the line ends early: show more before
			begin--
			used += cells[begin].width
		}
	}
	var b strings.Builder
	caret := 0
	if begin > 0 {
		b.WriteString("…")
		caret++
	}
	for i := begin; i < end; i++ {
		b.WriteString(cells[i].text)
		if i < caretCell {
			caret += cells[i].width
		}
	}
	if end < len(cells) {
		b.WriteString("…")
	}
	return b.String(), caret
}
