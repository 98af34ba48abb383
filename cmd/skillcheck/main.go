// Command skillcheck lints Claude Code skill packs: frontmatter and structure
// as Claude Code and the Agent Skills specification read them, links, plugin
// and marketplace manifests. Run `skillcheck lint` in a repository, or
// `skillcheck --help` for every command.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/skillcheck-dev/skillcheck/internal/gcpace"
	"github.com/skillcheck-dev/skillcheck/internal/safetext"
)

// Exit codes.
const (
	exitOK       = 0 // no findings at or above the fail-on threshold
	exitFindings = 1 // findings at or above the threshold
	exitUsage    = 2 // bad flags, arguments or configuration
	exitInternal = 3 // skillcheck itself failed
)

func main() {
	// A lint run allocates much and keeps little: let the heap grow to 40 MiB
	// between collections while little survives them, and by what survives
	// (Go's default) once that is more than 20 MiB, with a ceiling that keeps
	// a run on a huge tree bounded.
	gcpace.Start(40<<20, 100)
	debug.SetMemoryLimit(256 << 20)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "skillcheck: %s\n", safetext.Text(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "skillcheck: %s\nRun 'skillcheck --help' for usage.\n", safetext.Text(err.Error()))
	return exitUsage
}

// exitError carries an exit code; err, when set, is printed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
