// Package shell reads shell commands for the checks that judge them: a
// small lexer that splits a command line into simple commands, and a syntax
// check that runs bash -n over many scripts with as few processes as it can.
package shell

import (
	"path"
	"slices"
	"strings"
)

// Command is one simple command of a shell command line, its words with
// quotes and escapes removed.
type Command struct {
	Words []string
	// Offset is the offset of the command's first word in the line.
	Offset int
	// Pipeline numbers the pipeline the command belongs to; PipesOut is true
	// when its output goes to the next command of that pipeline.
	Pipeline int
	PipesOut bool
	// Parent is the command whose words this one's output becomes, through
	// $(…), `…` or <(…); -1 for none.
	Parent int
}

// frame is an open substitution or subshell.
type frame struct {
	parent   int  // the command the substitution belongs to
	quote    byte // the quoting around it, restored when it closes
	pipeline int
	backtick bool
}

// maxDepth bounds the substitutions and subshells the lexer tracks;
// deeper ones only separate commands, so that hostile nesting costs nothing.
const maxDepth = 64

// lexer splits a command line into simple commands. It reads the
// syntax that matters for judging what a line does — quotes, escapes, ;, &,
// &&, ||, |, newlines, comments, $(…), `…`, <(…) and subshells — and nothing
// more: no expansions, no here-documents, no keywords. It never recurses.
type lexer struct {
	cmds     []Command
	cur      int // index of the command being read; -1 between commands
	word     strings.Builder
	inWord   bool
	pos      int // offset of the byte being read
	start    int // offset where the word being read starts
	quote    byte
	pipeline int
	stack    []frame
	// flat counts substitutions opened past maxDepth, which are not on
	// the stack.
	flat int
}

// Parse returns the simple commands of a command line in order.
func Parse(line string) []Command {
	l := &lexer{cur: -1}
	for i := 0; i < len(line); i++ {
		c := line[i]
		l.pos = i
		next := byte(0)
		if i+1 < len(line) {
			next = line[i+1]
		}
		switch l.quote {
		case '\'':
			if c == '\'' {
				l.quote = 0
			} else {
				l.add(c)
			}
			continue
		case '"':
			switch {
			case c == '"':
				l.quote = 0
			case c == '\\' && next != 0:
				i++
				l.add(next)
			case c == '$' && next == '(':
				i++
				l.open(false)
			case c == '`':
				l.backtick()
			default:
				l.add(c)
			}
			continue
		}
		switch {
		case c == '\\':
			if next != 0 {
				i++
				if next != '\n' {
					l.add(next)
				}
			}
		case c == '\'' || c == '"':
			l.quote = c
			l.begin()
		case c == ' ' || c == '\t' || c == '\r':
			l.endWord()
		case c == '#' && !l.inWord:
			for i+1 < len(line) && line[i+1] != '\n' {
				i++
			}
		case c == '\n' || c == ';':
			l.end(false)
		case c == '&':
			if next == '>' { // &> redirects both outputs
				l.endWord()
				break
			}
			if next == '&' {
				i++
			}
			l.end(false)
		case c == '|':
			switch next {
			case '|':
				i++
				l.end(false)
			case '&':
				i++
				l.end(true)
			default:
				l.end(true)
			}
		case c == '$' && next == '(' && i+2 < len(line) && line[i+2] == '(':
			i = l.arithmetic(line, i)
		case c == '$' && next == '(':
			i++
			l.open(false)
		case (c == '<' || c == '>') && next == '(':
			i++
			l.open(false)
		case c == '(':
			l.end(false)
			l.open(false)
		case c == ')':
			l.close()
		case c == '`':
			l.backtick()
		case c == '<' || c == '>':
			l.endWord()
			l.ensure()
			l.cmds[l.cur].Words = append(l.cmds[l.cur].Words, string(c))
			if next == '&' { // >&2 duplicates a descriptor
				i++
			}
		default:
			l.add(c)
		}
	}
	l.endWord()
	return l.cmds
}

// arithmetic reads $((…)) at i into the current word and returns the offset
// of its last byte.
func (l *lexer) arithmetic(line string, i int) int {
	depth := 0
	for ; i < len(line); i++ {
		l.add(line[i])
		switch line[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// ensure starts a command when none is being read.
func (l *lexer) ensure() {
	if l.cur >= 0 {
		return
	}
	parent := -1
	if n := len(l.stack); n > 0 {
		parent = l.stack[n-1].parent
	}
	off := l.pos
	if l.inWord {
		off = l.start
	}
	l.cmds = append(l.cmds, Command{Offset: off, Pipeline: l.pipeline, Parent: parent})
	l.cur = len(l.cmds) - 1
}

func (l *lexer) add(c byte) {
	l.begin()
	l.word.WriteByte(c)
}

// begin notes where a word starts.
func (l *lexer) begin() {
	if !l.inWord {
		l.inWord, l.start = true, l.pos
	}
}

// endWord ends the word being read; empty words (” or "") are dropped,
// as nothing judged here depends on them.
func (l *lexer) endWord() {
	if !l.inWord || l.word.Len() == 0 {
		l.inWord = false
		return
	}
	l.ensure()
	l.cmds[l.cur].Words = append(l.cmds[l.cur].Words, l.word.String())
	l.word.Reset()
	l.inWord = false
}

// end ends the current command; pipe says its output goes to the next.
func (l *lexer) end(pipe bool) {
	l.endWord()
	if l.cur >= 0 {
		l.cmds[l.cur].PipesOut = pipe
	}
	l.cur = -1
	if !pipe {
		l.pipeline++
	}
}

// open starts a substitution whose output becomes words of the current
// command.
func (l *lexer) open(backtick bool) {
	if len(l.stack) >= maxDepth {
		l.end(false)
		l.flat++
		return
	}
	l.endWord()
	l.ensure()
	l.stack = append(l.stack, frame{parent: l.cur, quote: l.quote, pipeline: l.pipeline, backtick: backtick})
	l.quote = 0
	l.cur = -1
	l.pipeline++
}

// close ends the innermost substitution and goes on with its command.
func (l *lexer) close() {
	l.endWord()
	n := len(l.stack)
	if l.flat > 0 {
		l.flat--
		l.end(false)
		return
	}
	if n == 0 {
		l.end(false)
		return
	}
	f := l.stack[n-1]
	l.stack = l.stack[:n-1]
	l.cur, l.quote, l.pipeline = f.parent, f.quote, f.pipeline
}

func (l *lexer) backtick() {
	if n := len(l.stack); n > 0 && l.stack[n-1].backtick && l.flat == 0 {
		l.close()
		return
	}
	l.open(true)
}

// wrapperArgs are the options of command wrappers that take a value.
var wrapperArgs = map[string]string{
	"env": "uSC", "sudo": "ugChpUrtD", "doas": "uC", "nice": "n", "timeout": "sk", "xargs": "IndPLsEa",
	"exec": "a", "stdbuf": "ioe", "time": "fo",
}

// Escalators run a command as another user.
var Escalators = []string{"sudo", "doas", "su", "pkexec", "runas"}

// Wrappers run the command that follows their options (and, for timeout, a
// duration).
var Wrappers = []string{"env", "nohup", "time", "command", "exec", "nice", "timeout", "xargs", "stdbuf", "builtin", "sudo", "doas", "pkexec"}

// Program returns the program a command runs and its arguments, past
// variable assignments and wrappers such as env, nohup, xargs and (unless
// keepSudo) sudo. The program is the base name, lower-cased.
func (c Command) Program(keepSudo bool) (string, []string) {
	w := c.Words
	for len(w) > 0 {
		first := w[0]
		if strings.Contains(first, "=") && !strings.HasPrefix(first, "=") && !strings.HasPrefix(first, "-") {
			w = w[1:] // VAR=value
			continue
		}
		name := strings.ToLower(path.Base(first))
		if !slices.Contains(Wrappers, name) || keepSudo && slices.Contains(Escalators, name) {
			return name, w[1:]
		}
		rest := w[1:]
		for len(rest) > 0 && (strings.HasPrefix(rest[0], "-") || name == "env" && strings.Contains(rest[0], "=")) {
			opt := rest[0]
			rest = rest[1:]
			if len(opt) == 2 && strings.ContainsRune(wrapperArgs[name], rune(opt[1])) && len(rest) > 0 {
				rest = rest[1:] // the option's value
			}
		}
		if name == "timeout" && len(rest) > 0 {
			rest = rest[1:] // the duration
		}
		if len(rest) == 0 { // the wrapper alone: env prints the environment
			return name, w[1:]
		}
		w = rest
	}
	return "", nil
}
