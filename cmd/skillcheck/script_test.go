package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"
	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testdata/script from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"skillcheck": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scenarios in testdata/script: exit codes,
// formats, configuration, fixes, and what a person sees at a terminal.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *updateScripts,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Values[envKey{}] = append([]string(nil), e.Vars...)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"pty": cmdPty},
	})
}

// envKey keeps the script's initial environment, whose variables pty passes
// on with their current values.
type envKey struct{}

// cmdPty runs a command as a person at a terminal runs it, with a
// pseudo-terminal 100 columns wide as its standard input, output and error:
//
//	pty [-stdout=FILE] [-raw=FILE] [-cols=N] [NAME=VALUE...] COMMAND [ARG...]
//
// The script's stdout becomes the screen the terminal shows at the end:
// carriage returns and erase-line sequences applied, colours removed.
// -stdout=FILE sends standard output to FILE instead of the terminal (a
// pipe, while standard error stays on the terminal); -raw=FILE keeps the
// bytes the terminal received, colours and all. TERM is xterm-256color
// unless NAME=VALUE says otherwise.
func cmdPty(ts *testscript.TestScript, neg bool, args []string) {
	var stdoutFile, rawFile string
	cols := 100
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name, value, _ := strings.Cut(args[0], "=")
		switch name {
		case "-stdout":
			stdoutFile = value
		case "-raw":
			rawFile = value
		case "-cols":
			n, err := strconv.Atoi(value)
			ts.Check(err)
			cols = n
		default:
			ts.Fatalf("usage: pty [-stdout=FILE] [-raw=FILE] [-cols=N] [NAME=VALUE...] COMMAND [ARG...]")
		}
		args = args[1:]
	}
	vars := map[string]string{"TERM": "xterm-256color"}
	for _, kv := range ts.Value(envKey{}).([]string) {
		name, _, _ := strings.Cut(kv, "=")
		vars[name] = ts.Getenv(name)
	}
	for len(args) > 0 && strings.Contains(args[0], "=") {
		name, value, _ := strings.Cut(args[0], "=")
		vars[name] = value
		args = args[1:]
	}
	if len(args) == 0 {
		ts.Fatalf("pty: no command")
	}
	cmd := exec.Command(lookPath(ts, args[0]), args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	for name, value := range vars {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	if stdoutFile != "" {
		f, err := os.Create(ts.MkAbs(stdoutFile))
		ts.Check(err)
		defer f.Close()
		cmd.Stdout = f
	}
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: uint16(cols)})
	ts.Check(err)
	var raw bytes.Buffer
	_, err = io.Copy(&raw, tty)
	tty.Close()
	if err != nil && !errors.Is(err, syscall.EIO) { // EIO: the command has closed the terminal
		ts.Fatalf("pty: reading the terminal: %v", err)
	}
	runErr := cmd.Wait()
	if rawFile != "" {
		ts.Check(os.WriteFile(ts.MkAbs(rawFile), raw.Bytes(), 0o644))
	}
	fmt.Fprint(ts.Stdout(), screen(raw.String()))
	switch {
	case runErr != nil && !neg:
		ts.Fatalf("pty %s: %v", args[0], runErr)
	case runErr == nil && neg:
		ts.Fatalf("pty %s: unexpected success", args[0])
	}
}

// lookPath finds a command on the script's PATH.
func lookPath(ts *testscript.TestScript, name string) string {
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		p := filepath.Join(dir, name)
		if info, err := os.Stat(p); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			return p
		}
	}
	ts.Fatalf("pty: %s not found on the script's PATH", name)
	return ""
}

// screen returns what a terminal shows after receiving out: text written
// where the cursor is, "\r" back to the start of the line, "\n" to the next,
// "ESC [ K" erasing to the end of the line; other escape sequences, colours
// among them, change nothing on the screen and are dropped.
func screen(out string) string {
	lines := [][]rune{nil}
	row, col := 0, 0
	rs := []rune(out)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\r':
			col = 0
		case r == '\n':
			row, col = row+1, 0
			if row == len(lines) {
				lines = append(lines, nil)
			}
		case r == '\x1b' && i+1 < len(rs) && rs[i+1] == '[':
			j := i + 2
			for j < len(rs) && (rs[j] < 0x40 || rs[j] > 0x7e) {
				j++
			}
			if j < len(rs) && rs[j] == 'K' && col < len(lines[row]) {
				lines[row] = lines[row][:col]
			}
			i = j
		default:
			for len(lines[row]) < col {
				lines[row] = append(lines[row], ' ')
			}
			if col < len(lines[row]) {
				lines[row][col] = r
			} else {
				lines[row] = append(lines[row], r)
			}
			col++
		}
	}
	var b strings.Builder
	for i, l := range lines {
		if i == len(lines)-1 && len(l) == 0 {
			break
		}
		b.WriteString(string(l))
		b.WriteByte('\n')
	}
	return b.String()
}
