package body

import (
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Claude Code substitutes these variables in skill content
// (code.claude.com/docs/en/skills, "Available string substitutions").
var (
	claudeVars = []string{
		"CLAUDE_SESSION_ID", "CLAUDE_EFFORT", "CLAUDE_SKILL_DIR", "CLAUDE_PROJECT_DIR",
		"CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA",
	}
	pluginVars   = []string{"CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA"}
	claudeVarRef = regexp.MustCompile(`\$\{(CLAUDE_[A-Za-z0-9_]*)\}`)
	// indexedArg matches $ARGUMENTS[N] and the $N shorthand; a backslash
	// before the $ escapes it.
	indexedArg = regexp.MustCompile(`(\\?)\$(?:ARGUMENTS\[(\d+)\]|(\d+))`)
	// discardedOutput matches redirections that write no file: output
	// thrown away (2>/dev/null, &>/dev/null) or sent to another stream
	// (2>&1, >&2).
	discardedOutput = regexp.MustCompile(`(?:^|\s)(?:[0-9]?>>?|&>>?)\s*(?:/dev/null|&[0-9])(?:\s|$)`)
)

// eachVar calls fn for every ${CLAUDE_…} reference in SKILL.md, the content
// Claude Code substitutes variables in; the other files are read as they are
// written, and there a variable is a mention (in a changelog, in guidance
// about variables).
func eachVar(s *skill.Skill, fn func(name string, f *source.File, off int)) {
	src := s.File.Src
	for _, m := range claudeVarRef.FindAllSubmatchIndex(src, -1) {
		fn(string(src[m[2]:m[3]]), s.File, m[0])
	}
}

// checkInjections reports `!` commands that allowed-tools does not allow:
// Claude Code runs them when the skill loads without asking, and aborts the
// whole skill when permission is missing.
func checkInjections(p *analysis.Pass, s *skill.Skill) {
	var patterns []string
	all := false
	if f := header.Field(s, "allowed-tools"); f != nil {
		entries, _, _, _ := tools.Parse(f.Value)
		for _, e := range entries {
			if e.Tool != "Bash" || e.Err != "" {
				continue
			}
			if !e.HasArgs || e.Pattern == "*" {
				all = true
			}
			patterns = append(patterns, e.Pattern)
		}
	}
	if all {
		return
	}
	check := func(cmd string, off int) {
		for _, part := range splitCommand(cmd) {
			if !bashAllowed(patterns, part) && !readOnly(part) {
				p.Reportf(s.File, off, "command %s runs when the skill loads, but allowed-tools does not allow %s: unless the user's settings allow it, Claude Code aborts the skill; add Bash(%s) to allowed-tools", msg.Quote(cmd), msg.Quote(part), suggestPattern(part))
				return
			}
		}
	}
	for _, inj := range s.Body.Injections {
		check(inj.Command, inj.Offset)
	}
	for _, b := range s.Body.CodeBlocks {
		if !b.Injection() {
			continue
		}
		// A line ending in a backslash goes on on the next: one command.
		var cmd strings.Builder
		at := 0
		for _, l := range b.Lines {
			t := strings.TrimSpace(l.Text)
			if cmd.Len() == 0 {
				if t == "" || strings.HasPrefix(t, "#") {
					continue
				}
				at = l.Offset
			}
			if rest, continued := strings.CutSuffix(t, "\\"); continued {
				cmd.WriteString(rest)
				cmd.WriteByte(' ')
				continue
			}
			cmd.WriteString(t)
			check(strings.Join(strings.Fields(cmd.String()), " "), at)
			cmd.Reset()
		}
		if cmd.Len() > 0 {
			check(strings.Join(strings.Fields(cmd.String()), " "), at)
		}
	}
}

// splitCommand splits a shell command line into the simple commands that
// permission rules match one by one, at &&, ||, ; and | outside quotes (a
// grep pattern "Name|Version" is one word).
func splitCommand(cmd string) []string {
	var out []string
	start := 0
	var quote byte
	add := func(end int) {
		if part := strings.TrimSpace(cmd[start:end]); part != "" {
			out = append(out, part)
		}
	}
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '\\':
			i++
		case c == '\'' || c == '"':
			quote = c
		case c == ';', c == '|', c == '&' && i+1 < len(cmd) && cmd[i+1] == '&':
			if c == '|' && i > 0 && cmd[i-1] == '>' {
				continue // >| clobbers a file: part of the redirection
			}
			add(i)
			if i+1 < len(cmd) && cmd[i+1] == c {
				i++
			}
			start = i + 1
		}
	}
	add(len(cmd))
	return out
}

// bashAllowed matches a command against Bash(...) patterns: "prefix:*" allows
// commands starting with prefix, "*" is a wildcard, anything else is exact.
func bashAllowed(patterns []string, cmd string) bool {
	for _, pat := range patterns {
		if prefix, ok := strings.CutSuffix(pat, ":*"); ok {
			if cmd == prefix || strings.HasPrefix(cmd, prefix+" ") {
				return true
			}
			continue
		}
		if wildcardMatch(pat, cmd) {
			return true
		}
	}
	return false
}

// wildcardMatch matches s against a pattern in which * stands for any text.
func wildcardMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// suggestPattern proposes an allowed-tools pattern for a command: its first
// word, and its second when that is a subcommand ("git log"), then " *".
func suggestPattern(cmd string) string {
	words := strings.Fields(cmd)
	if len(words) == 0 {
		return "*"
	}
	if len(words) > 1 && !strings.HasPrefix(words[1], "-") && !strings.ContainsAny(words[1], "/.$'\"") {
		return words[0] + " " + words[1] + " *"
	}
	return words[0] + " *"
}

// readOnlyCommands are commands that only read, which Claude Code runs
// without asking for permission: a conservative subset of its built-in
// read-only allowances. None of them writes a file, runs other code or
// reaches the network with the arguments a skill gives them (find is judged
// by its actions, see readOnlyFind).
var readOnlyCommands = map[string]bool{
	"echo": true, "printf": true, "pwd": true, "ls": true, "cat": true, "head": true, "tail": true, "wc": true,
	"date": true, "whoami": true, "which": true, "uname": true, "hostname": true, "basename": true, "dirname": true,
	"realpath": true, "readlink": true, "grep": true, "rg": true, "tree": true, "file": true, "stat": true, "diff": true,
	"sort": true, "uniq": true, "cut": true, "tr": true, "true": true, "false": true, "test": true, "[": true,
	"jq": true,
}

// readOnlyGit are git subcommands that only read.
var readOnlyGit = map[string]bool{
	"status": true, "log": true, "diff": true, "show": true, "rev-parse": true, "ls-files": true,
	"describe": true, "blame": true, "shortlog": true,
}

// readOnly reports a command that only reads and writes nothing: one of
// readOnlyCommands, a reading git subcommand (git branch only when it
// lists), command -v, a program asked for its version, or find without
// actions. Redirections that write no file (2>/dev/null, 2>&1) do not
// count; any other redirection into a file, and any substitution ($,
// backquotes), make the command one that needs a grant.
func readOnly(cmd string) bool {
	cmd = " " + cmd + " "
	for discardedOutput.MatchString(cmd) { // each match takes the blank the next one needs
		cmd = discardedOutput.ReplaceAllString(cmd, " ")
	}
	if strings.ContainsAny(cmd, ">`$") {
		return false // writes a file, or runs what a substitution yields
	}
	words := strings.Fields(cmd)
	if len(words) == 0 {
		return false
	}
	switch {
	case readOnlyCommands[words[0]]:
		return true
	case words[0] == "git" && len(words) > 1:
		return readOnlyGit[words[1]] || words[1] == "branch" && listsBranches(words[2:])
	case words[0] == "command" || words[0] == "type":
		// command -v NAME and type NAME look a name up; command NAME runs it.
		return len(words) > 1 && (words[0] == "type" || words[1] == "-v" || words[1] == "-V")
	case words[0] == "find":
		return readOnlyFind(words[1:])
	case len(words) == 2:
		return words[1] == "--version" || words[1] == "-v" || words[1] == "-V" || words[1] == "version"
	}
	return false
}

// listsBranches reports git branch arguments that list branches (no
// arguments, or options such as --show-current, -a, -v): a name without
// an option would create a branch, -d/-m/-c delete, rename or copy one.
func listsBranches(args []string) bool {
	for _, a := range args {
		switch a {
		case "--show-current", "-a", "--all", "-r", "--remotes", "-v", "-vv", "--verbose", "--list", "-l",
			"--color", "--no-color", "--merged", "--no-merged":
		default:
			return false
		}
	}
	return true
}

// readOnlyFind reports a find command without actions that delete, run
// commands or write files.
func readOnlyFind(args []string) bool {
	for _, a := range args {
		switch a {
		case "-delete", "-exec", "-execdir", "-ok", "-okdir", "-fprint", "-fprint0", "-fprintf", "-fls":
			return false
		}
	}
	return true
}
