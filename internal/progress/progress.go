// Package progress draws a status line on a terminal while a long run goes
// on: how many skills are done of those found, and the folder being linted,
// replaced in place and cleared at the end. It shows only after a delay, so
// a quick run never flickers.
//
// The status line shares the terminal with the run's output: whatever is
// written through [Line.Writer] first clears the line, so a finding never
// lands in the middle of it.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
)

// State is how far a run has come.
type State struct {
	// Found counts the skills found so far, Done those linted.
	Found, Done int
	// Current is the folder being linted, shown as given.
	Current string
}

// Options tune a status line.
type Options struct {
	// Label names the work, e.g. "linting".
	Label string
	// Delay is how long a run goes before the line first shows.
	Delay time.Duration
	// Interval is the time between redraws (default 100ms).
	Interval time.Duration
	// Width is the terminal's width in columns; the line stays shorter, so
	// that it never wraps (default 80).
	Width int
}

// Sequences that return to the start of the line and erase to its end.
const (
	toStart  = "\r"
	eraseEnd = "\x1b[K"
)

// Line is a status line on a terminal. Its methods may be called from any
// goroutine; a nil *Line does nothing, so callers need not check whether a
// line is shown at all.
type Line struct {
	w     io.Writer
	opts  Options
	start time.Time

	mu    sync.Mutex
	state State
	shown bool // the line is on the terminal now
	ended bool

	stop     chan struct{}
	finished chan struct{}
	once     sync.Once
}

// Start starts a status line on w, a terminal. With no delay it is drawn at
// once.
func Start(w io.Writer, opts Options) *Line {
	if opts.Interval <= 0 {
		opts.Interval = 100 * time.Millisecond
	}
	if opts.Width <= 0 {
		opts.Width = 80
	}
	l := &Line{w: w, opts: opts, start: time.Now(), stop: make(chan struct{}), finished: make(chan struct{})}
	var delay <-chan time.Time
	if opts.Delay > 0 {
		delay = time.After(opts.Delay)
	} else {
		l.draw()
	}
	ticker := time.NewTicker(opts.Interval)
	go func() {
		defer ticker.Stop()
		l.run(delay, ticker.C)
	}()
	return l
}

// run redraws the line on every tick once the delay is over, until Stop.
func (l *Line) run(delay, tick <-chan time.Time) {
	defer close(l.finished)
	if delay != nil {
		select {
		case <-l.stop:
			return
		case <-delay:
			l.draw()
		}
	}
	for {
		select {
		case <-l.stop:
			return
		case <-tick:
			l.draw()
		}
	}
}

// Set records how far the run has come; the next redraw shows it.
func (l *Line) Set(s State) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.state = s
	l.mu.Unlock()
}

// Stop clears the line for good. It may be called more than once.
func (l *Line) Stop() {
	if l == nil {
		return
	}
	l.once.Do(func() {
		close(l.stop)
		<-l.finished
		l.mu.Lock()
		defer l.mu.Unlock()
		l.clear()
		l.ended = true
	})
}

// Writer returns a writer to w that clears the status line before each
// write; the line comes back at the next redraw. Each write should end a
// line. A nil Line returns w.
func (l *Line) Writer(w io.Writer) io.Writer {
	if l == nil {
		return w
	}
	return writer{l, w}
}

type writer struct {
	l *Line
	w io.Writer
}

func (w writer) Write(p []byte) (int, error) {
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	w.l.clear()
	return w.w.Write(p)
}

// draw writes the line over the one shown.
func (l *Line) draw() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return
	}
	text := runewidth.Truncate(l.text(time.Since(l.start)), l.opts.Width-1, "…")
	if _, err := io.WriteString(l.w, toStart+text+eraseEnd); err == nil {
		l.shown = true
	}
}

// clear erases the line if it is shown; l.mu is held.
func (l *Line) clear() {
	if l.shown {
		_, _ = io.WriteString(l.w, toStart+eraseEnd)
		l.shown = false
	}
}

// text is what the line says: "linting 12/40 skills  skills/pdf-forms  3s",
// "linting: 12 skills done  skills/pdf-forms  3s" while the total is not
// known, or "linting…  3s" before anything is. A folder too long for the line
// keeps its end, which names the skill.
func (l *Line) text(elapsed time.Duration) string {
	const sep = "  "
	s := l.state
	head, tail := l.opts.Label+"…", elapsed.Truncate(time.Second).String()
	switch {
	case s.Found > 0:
		head = fmt.Sprintf("%s %d/%d skills", l.opts.Label, s.Done, s.Found)
	case s.Done > 0: // the total is not known while the walk goes on
		head = fmt.Sprintf("%s: %d skills done", l.opts.Label, s.Done)
	default:
		return head + sep + tail
	}
	cur := safetext.Text(s.Current)
	room := l.opts.Width - 1 - runewidth.StringWidth(head+sep+sep+tail)
	if cur == "" || room < 8 {
		return head + sep + tail
	}
	if w := runewidth.StringWidth(cur); w > room {
		cur = runewidth.TruncateLeft(cur, w-room+1, "…")
	}
	return strings.Join([]string{head, cur, tail}, sep)
}
