package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// buffer is what a line has written, read under the line's lock.
func written(l *Line, b *bytes.Buffer) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return b.String()
}

func TestLineIsDrawnInPlaceAndClearedAtTheEnd(t *testing.T) {
	var term bytes.Buffer
	l := Start(&term, Options{Label: "linting", Interval: time.Hour, Width: 60})
	assert.Equal(t, "\rlinting…  0s\x1b[K", written(l, &term), "drawn at once without a delay")

	l.Set(State{Done: 3, Current: "skills/a"})
	l.draw()
	assert.True(t, strings.HasSuffix(written(l, &term), "\rlinting: 3 skills done  skills/a  0s\x1b[K"), "%q", written(l, &term))

	l.Set(State{Found: 40, Done: 12, Current: "skills/pdf-forms"})
	l.draw()
	assert.True(t, strings.HasSuffix(written(l, &term), "\rlinting 12/40 skills  skills/pdf-forms  0s\x1b[K"), "%q", written(l, &term))

	// Output clears the line before it is written; the line comes back at
	// the next redraw, below the output.
	var out bytes.Buffer
	_, err := l.Writer(&out).Write([]byte("finding\n"))
	assert.NoError(t, err)
	assert.Equal(t, "finding\n", out.String())
	assert.True(t, strings.HasSuffix(written(l, &term), "\x1b[K\r\x1b[K"), "cleared: %q", written(l, &term))
	l.draw()

	l.Stop()
	l.Stop() // twice is fine
	assert.True(t, strings.HasSuffix(term.String(), "0s\x1b[K\r\x1b[K"), "cleared at the end: %q", term.String())
	before := term.Len()
	l.draw()
	_, _ = l.Writer(&out).Write([]byte("more\n"))
	assert.Equal(t, before, term.Len(), "nothing drawn or cleared after Stop")
}

func TestQuickRunShowsNothing(t *testing.T) {
	var term bytes.Buffer
	l := Start(&term, Options{Label: "linting", Delay: time.Hour})
	_, _ = l.Writer(&bytes.Buffer{}).Write([]byte("finding\n"))
	l.Stop()
	assert.Empty(t, term.String())
}

func TestLineFitsTheTerminalAndEscapesNames(t *testing.T) {
	var term bytes.Buffer
	l := Start(&term, Options{Label: "linting", Interval: time.Hour, Width: 40, Delay: time.Hour})
	drawn := func(current string) string {
		term.Reset()
		l.Set(State{Found: 2, Done: 1, Current: current})
		l.draw()
		return strings.TrimSuffix(strings.TrimPrefix(term.String(), "\r"), "\x1b[K")
	}
	line := drawn("skills/\x1b]0;pwned\x07")
	assert.Equal(t, `linting 1/2 skills  …1b]0;pwned\x07  0s`, line, "escaped, and cut to fit")
	line = drawn("skills/" + strings.Repeat("x", 100) + "/pdf-forms")
	assert.Equal(t, "linting 1/2 skills  …xxxx/pdf-forms  0s", line, "the end of a long folder")
	assert.Equal(t, 39, len([]rune(line)), "one column short of the width: never wraps")
	l.Stop()
}

func TestNilLineDoesNothing(t *testing.T) {
	var l *Line
	var out bytes.Buffer
	l.Set(State{Found: 1})
	assert.Equal(t, &out, l.Writer(&out))
	l.Stop()
}
