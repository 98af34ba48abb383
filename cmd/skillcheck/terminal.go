package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// colorFlag is --color: auto, always or never.
type colorFlag string

func (c *colorFlag) String() string { return string(*c) }
func (c *colorFlag) Type() string   { return "when" }
func (c *colorFlag) Set(s string) error {
	switch s {
	case "auto", "always", "never":
		*c = colorFlag(s)
		return nil
	}
	return fmt.Errorf("want auto, always or never, not %q", s)
}

// colorUsage documents --color.
const colorUsage = "`when` to write for a terminal, with colour: auto (when standard output is a terminal, NO_COLOR is unset and TERM is not dumb), always, never"

// terminal says how to write for the streams a command was given.
type terminal struct {
	// rich is true when standard output is a person's terminal (or
	// --color=always): findings get colour, source lines and carets;
	// explain renders Markdown.
	rich bool
	// width is standard output's width in columns, 0 when unknown.
	width int
	// status is true when standard error is a terminal a status line may be
	// drawn on: not in CI, not on a dumb terminal.
	status bool
	// statusWidth is standard error's width in columns.
	statusWidth int
}

// detectTerminal decides, from the streams, --color and the environment,
// what the output can be. Standard output is a terminal for a person when
// it is a TTY, NO_COLOR is unset (https://no-color.org) and TERM is not
// "dumb"; anything else — a pipe, a file, CI's log — gets plain text.
func detectTerminal(stdout, stderr io.Writer, color colorFlag) terminal {
	var t terminal
	dumb := os.Getenv("TERM") == "dumb"
	outTTY, outWidth := isTerminal(stdout)
	switch color {
	case "always":
		t.rich = true
	case "never":
	default:
		t.rich = outTTY && os.Getenv("NO_COLOR") == "" && !dumb
	}
	t.width = outWidth
	if t.width == 0 {
		t.width, _ = strconv.Atoi(os.Getenv("COLUMNS"))
	}
	errTTY, errWidth := isTerminal(stderr)
	_, ci := os.LookupEnv("CI")
	t.status = errTTY && !ci && !dumb
	t.statusWidth = errWidth
	return t
}

// isTerminal reports whether w is a terminal, and its width.
func isTerminal(w io.Writer) (bool, int) {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return false, 0
	}
	fd := int(f.Fd())
	if !term.IsTerminal(fd) {
		return false, 0
	}
	width, _, err := term.GetSize(fd)
	if err != nil {
		return true, 0
	}
	return true, width
}
