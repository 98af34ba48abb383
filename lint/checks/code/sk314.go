package code

import (
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/shell"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// shellSyntax is SK314: shell code blocks must pass bash -n. Documented in docs/SK314.md.
var shellSyntax = &analysis.Rule{
	ID: "SK314", Alias: "shell-syntax", Severity: analysis.Error, Slow: true,
	Summary: "shell code blocks must pass bash -n",
	Skill:   checkShellSyntax,
}

// shellPlaceholder is a <name> placeholder in an example command, which bash
// would read as redirections: a letter (of any script) after "<", no space
// before ">"
// (<path|id> names alternatives).
var shellPlaceholder = regexp.MustCompile(`<\pL[\pL\pN_ .:/@=|,+-]*[\pL\pN_]>|<\pL>`)

// shellElision is a comment that stands for code left out ("# ...", "# …",
// "# your code here"): in an example it counts as a command, so that an
// if or a function whose body is elided parses.
var shellElision = regexp.MustCompile(`(?m)^([ \t]*)#[ \t]*(?:\.\.\.|…|(?i:your code|todo|do something|etc)\b).*$`)

func checkShellSyntax(p *analysis.Pass, s *skill.Skill) {
	blocks := codeBlocks(p, s, "shell")
	texts := make([]string, len(blocks))
	passes := make([]*analysis.Pass, len(blocks))
	notes := make([]string, len(blocks))
	for i, c := range blocks {
		texts[i] = c.b.Content()
		var whole bool
		passes[i], whole = examplePass(p, s, c)
		if !whole {
			texts[i] = shellPlaceholder.ReplaceAllString(texts[i], "PLACEHOLDER")
			texts[i] = shellElision.ReplaceAllString(texts[i], "${1}:")
			notes[i] = exampleNote
		}
	}
	for i, e := range shell.Syntax(texts) {
		if e.Msg != "" {
			c := blocks[i]
			if notes[i] != "" && shellNotShell(c.b.Content()) {
				continue // an example that is not a shell script
			}
			rp := passes[i]
			if notes[i] != "" && !shellScript.MatchString(c.b.Content()) && !strings.Contains(blockLine(c.b.Content(), e.Line), "```") {
				// An example block without a shebang or set -e that fails
				// bash -n is most often notation, not a broken script
				// (measured on public packs); a stray fence on the failing
				// line is Markdown damage, and stays a warning.
				rp = rp.AtMost(analysis.Info)
			}
			rp.Reportf(c.Doc.File, c.b.LineOffset(e.Line, 1), "shell syntax error (bash -n): %s%s", e.Msg, notes[i])
		}
	}
}

// blockLine returns line n (from 1) of a block's content, "" past its end.
func blockLine(content string, n int) string {
	for i, line := range strings.Split(content, "\n") {
		if i+1 == n {
			return line
		}
	}
	return ""
}
