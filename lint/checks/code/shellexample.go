package code

import (
	"regexp"
	"strings"
)

// shellScript is a line that makes a shell block a script meant to run as
// written: a shell shebang first, or set -e (with other options or not).
var shellScript = regexp.MustCompile(`(?m)\A[ \t\r\n]*#![^\n]*\b(?:ba|z|k|da|a)?sh\b|^[ \t]*set[ \t]+-[a-zA-Z]*e`)

// otherShebang is a shebang that names another interpreter (bats, python,
// node): the block is a script, but not one bash -n can judge.
var otherShebang = regexp.MustCompile(`\A[ \t\r\n]*#!`)

// foreignLine is a line of another language, or of something that is not a
// command at all, in a shell block: Python, JavaScript and Go source, SQL,
// a program's help text, an HTTP request, a JSON member, a file tree.
var foreignLine = regexp.MustCompile(`^(?:` + strings.Join([]string{
	`import[ \t]+[\w{*"'.]`,                      // import os / import x from 'y' / import "fmt"
	`from[ \t]+[\w.]+[ \t]+import\b`,             // from x import y
	`(?:export[ \t]+)?(?:const|var)[ \t]+[\w{[]`, // const x = …
	`let[ \t]+\w+[ \t]+=`,                        // let x = … (bash's let has no spaces)
	`module\.exports\b`,                          // module.exports = …
	`require\(['"]`,                              // require('x')
	`(?:export[ \t]+)?(?:async[ \t]+)?function[ \t]+\w+[ \t]*\([^)\s]`, // function f(a) {
	`def[ \t]+\w+[ \t]*\(`,                                 // def f(
	`class[ \t]+\w+[ \t]*[:({]`,                            // class X:
	`func[ \t]+(?:\([^)]*\)[ \t]*)?\w+[ \t]*[\[(]`,         // func f( / func (r T) m(
	`package[ \t]+\w+[ \t]*$`,                              // package main
	`[A-Za-z_]\w*(?:\.\w+)+\(.*\)[ \t]*;?[ \t]*(?://.*)?$`, // runtime.Stack(buf, true)
	`(?:SELECT|INSERT[ \t]+INTO|CREATE[ \t]+(?:TABLE|INDEX|VIEW)|UPDATE[ \t]+\w+[ \t]+SET|DELETE[ \t]+FROM|ALTER[ \t]+TABLE)\b`,
	`(?i:usage|options|arguments|required arguments|optional arguments|commands|examples|flags|headers|body|output|response|request)[ \t]*:[ \t]*$`,
	`(?:GET|POST|PUT|PATCH|DELETE|HEAD)[ \t]+(?:https?://|/)\S*`, // an HTTP request line
	`HTTP/[0-9.]+[ \t]+[0-9]{3}\b`,              // an HTTP status line
	`"[^"\n]+"[ \t]*:[ \t]*\S`,                  // a JSON member
	`.*(?:├──|└──|│ )`,                          // a file tree
	`<(?:[a-z]+[ >/]|!--)`,                      // HTML: <script>, <img …>
	`[;&|]+[ \t]`,                               // a payload list: ; ls, | whoami, && id
	`[A-Za-z_][\w.]*(?:\[[^\]]*\])? = .*[(\[{]`, // x = f(…): an assignment in another language
	`.*"""`,   // a Python triple-quoted string
	`@test\b`, // a bats test
	`(?:\((?:gdb|lldb|pdb|Pdb)\)|>>>|\.\.\.:|[a-z]+(?:=#|>))[ \t]`, // a debugger or REPL prompt
	`[A-Za-z_][\w.]*\([^)\s][^)]*\)[ \t]*;?[ \t]*(?:#.*)?$`,        // Skill(x:y), a call of another language
	`\w+=[A-Za-z_][\w.]*\(`, // KEY=exec('…'): a call, not a command substitution
}, "|") + `)`)

// languageComment is a comment that introduces another language or a file
// that is not a script: "# Python", "# Node.js", "# Update next.config.js".
var languageComment = regexp.MustCompile(`^#+[ \t]*(?:(?i:python|node(?:\.?js)?|javascript|typescript|golang|ruby|powershell|java|sql)\b|.*\b(?:PowerShell|Python|Node\.js|JavaScript|TypeScript)\b|.*\b[\w.-]+\.(?:js|mjs|cjs|ts|tsx|py|go|rb|java|json|jsonc|ya?ml|toml|sql|ps1)\b)`)

// shellNotShell reports an example block that is not a shell script, so that
// bash -n says nothing useful about it: a terminal transcript ($ prompts and
// the output they print), lines of another language or of a program's help
// text, a block split by comments such as "# Python" or "# Node.js", or a
// good/bad comparison (✅/❌) or arrows (→), or a script for another
// interpreter (#!/usr/bin/env bats). A block with a shell shebang or set -e
// is a shell script and is always checked.
func shellNotShell(src string) bool {
	if shellScript.MatchString(src) {
		return false
	}
	if otherShebang.MatchString(src) {
		return true
	}
	for _, marker := range []string{"❌", "✅", "↔", "→", "⇒"} {
		if strings.Contains(src, marker) {
			return true
		}
	}
	lines := strings.Split(src, "\n")
	prompt := false // the previous command line was a $ prompt
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			prompt = false
			continue
		case strings.HasPrefix(t, "$ "):
			prompt = !strings.HasSuffix(t, "\\")
			continue
		case prompt && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "$"):
			return true // output after a prompt: a transcript
		}
		prompt = false
		if foreignLine.MatchString(t) && !continued(lines, i) {
			return true
		}
		if languageComment.MatchString(t) && i+1 < len(lines) {
			return true
		}
	}
	return false
}

// continued reports whether line i continues the line before it (a
// backslash at its end), so it is an argument, not a line of its own.
func continued(lines []string, i int) bool {
	return i > 0 && strings.HasSuffix(strings.TrimRight(lines[i-1], " \t"), "\\")
}
