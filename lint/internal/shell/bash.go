package shell

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
)

// bashTimeout bounds one `bash -n` run.
const bashTimeout = 5 * time.Second

var bashLine = regexp.MustCompile(`line (\d+): (.*)$`)

// Error is the first syntax error of a shell text: its 1-based line in
// the text, and bash's message; Msg is "" when the text parses.
type Error struct {
	Line int
	Msg  string
}

// Syntax checks shell texts with `bash -n` (which parses without running
// anything) and returns the first error of each. It starts as few bash
// processes as it can: a span of texts goes into one script, each text
// wrapped in a function of its own, and a script without errors clears every
// text in it. A text is otherwise settled only by a check alone, whose error
// and line are what is reported. When a script fails, the text its error
// falls in is checked alone; if that text fails, the texts before and after
// it are checked again as two spans. If it does not, an earlier text ran into
// it (an unterminated quote or here-document runs into the next texts), and
// the span is halved. Ordinary skills take one process, a broken text a few
// more, and a text that runs into the others about twice the logarithm of
// their number. When bash is not installed nothing is checked.
func Syntax(texts []string) []Error {
	out := make([]Error, len(texts))
	bash, err := exec.LookPath("bash")
	if err != nil {
		return out
	}
	// bash reads a script from a pipe a byte at a time, from a file in
	// blocks: the scripts go to files in a folder of their own.
	dir, err := safefs.MkdirTemp("skillcheck-shell-")
	if err != nil {
		for i := range out {
			out[i] = Error{Line: 1, Msg: "cannot check: " + err.Error()}
		}
		return out
	}
	defer dir.Close()
	alone := func(i int) bool {
		line, msg := runBash(bash, dir, texts[i])
		out[i] = Error{Line: line, Msg: msg}
		return msg != ""
	}
	type span struct{ from, to int } // texts[from:to]
	todo := []span{{0, len(texts)}}
	for len(todo) > 0 {
		r := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		switch r.to - r.from {
		case 0:
			continue
		case 1:
			alone(r.from)
			continue
		}
		script, starts := wrapShell(texts[r.from:r.to])
		line, msg := runBash(bash, dir, script)
		if msg == "" {
			continue
		}
		if culprit := r.from + blockAt(starts, line); alone(culprit) {
			todo = append(todo, span{culprit + 1, r.to}, span{r.from, culprit})
		} else {
			mid := (r.from + r.to) / 2
			todo = append(todo, span{mid, r.to}, span{r.from, mid})
		}
	}
	return out
}

// wrapShell writes the texts as functions of one script and returns it with
// the script line each text's function starts on. A no-op line opens and
// closes each body, so that an empty text or one that ends in a line
// continuation stays a valid body.
func wrapShell(texts []string) (string, []int) {
	var b strings.Builder
	starts := make([]int, len(texts))
	line := 1
	for i, t := range texts {
		starts[i] = line
		t = strings.TrimSuffix(t, "\n")
		fmt.Fprintf(&b, "__skillcheck_block_%d() {\n:\n%s\n:\n}\n", i, t)
		line += strings.Count(t, "\n") + 5
	}
	return b.String(), starts
}

// blockAt returns the index of the text whose function holds script line
// line (the last one for a line past the end).
func blockAt(starts []int, line int) int {
	i := 0
	for i+1 < len(starts) && starts[i+1] <= line {
		i++
	}
	return i
}

// runBash runs `bash -n` on a script, written to a file in dir, and returns
// its first error and line.
func runBash(bash string, dir *safefs.Root, script string) (int, string) {
	const name = "block.sh"
	if err := dir.WriteFile(name, []byte(script), 0o600); err != nil {
		return 1, "cannot check: " + err.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), bashTimeout)
	defer cancel()
	path := filepath.Join(dir.Dir(), name)
	cmd := exec.CommandContext(ctx, bash, "-n", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		return 0, ""
	} else if ctx.Err() != nil {
		return 1, fmt.Sprintf("bash -n did not finish within %s", bashTimeout)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
	first = strings.TrimPrefix(first, path+": ")
	if m := bashLine.FindStringSubmatch(first); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, m[2]
	}
	return 1, first
}
