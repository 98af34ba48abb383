// Package suppress reads inline suppression directives and filters the
// diagnostics they cover.
//
// In Markdown, directives are HTML comments:
//
//	<!-- skillcheck-disable-next-line SK301 -- reason -->
//	<!-- skillcheck-disable SK301, SK302 -- reason -->  …  <!-- skillcheck-enable SK301, SK302 -->
//	<!-- skillcheck-disable-file SK208 -- reason -->
//
// In a SKILL.md frontmatter, where HTML comments cannot go, the same
// directives are YAML comments on their own line: "# skillcheck-disable-next-line
// SK111 -- reason". A rule is named by ID, alias or block (SK2xx). A reason
// after " -- " is required. "next-line" covers the line after the directive,
// or the whole code block when that line opens a fenced block. A "disable"
// without its "enable" lasts to the end of the file. A "disable-file" in
// SKILL.md also covers findings about the skill's other files as wholes (an
// image nothing links to), since those files cannot hold directives.
package suppress

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Kind is the kind of a directive.
type Kind int

// Directive kinds.
const (
	NextLine Kind = iota + 1
	Disable
	Enable
	File
)

var kindWords = map[string]Kind{
	"skillcheck-disable-next-line": NextLine,
	"skillcheck-disable":           Disable,
	"skillcheck-enable":            Enable,
	"skillcheck-disable-file":      File,
}

// Directive is one suppression directive.
type Directive struct {
	Kind   Kind
	Names  []string
	Rules  []*analysis.Rule
	Reason string
	File   *source.File
	Offset int
	// FromLine and ToLine are the lines covered (inclusive); 0 and the file's
	// line count for file-wide directives.
	FromLine, ToLine int
	used             bool
}

// Used reports whether the directive suppressed a diagnostic.
func (d *Directive) Used() bool { return d.used }

// Problem is a malformed directive.
type Problem struct {
	File    *source.File
	Offset  int
	Message string
}

// Set is the directives of the files of one skill.
type Set struct {
	Directives []*Directive
	Problems   []Problem
}

var (
	directiveStart = regexp.MustCompile(`^skillcheck-[a-z-]+`)
	yamlDirective  = regexp.MustCompile(`(?m)^[ \t]*#[ \t]*(skillcheck-[a-z-]+[^\r\n]*)$`)
)

// Read collects the directives of a Markdown document (comments outside
// code) and, when yamlEnd > yamlStart, of the YAML comments in
// [yamlStart, yamlEnd) of its file.
func (s *Set) Read(doc *markdown.Document, yamlStart, yamlEnd int, rules analysis.Set) {
	f := doc.File
	var opens []*Directive
	add := func(text string, off int) {
		d, msg := parse(text, rules)
		if msg != "" {
			s.Problems = append(s.Problems, Problem{File: f, Offset: off, Message: msg})
			return
		}
		if d == nil {
			return
		}
		d.File, d.Offset = f, off
		line := f.Position(off).Line
		switch d.Kind {
		case NextLine:
			d.FromLine, d.ToLine = nextLineSpan(doc, line)
		case File:
			d.FromLine, d.ToLine = 0, f.Lines()
		case Disable:
			d.FromLine, d.ToLine = line, f.Lines()
			opens = append(opens, d)
		case Enable:
			if !closeOpen(opens, d, line) {
				s.Problems = append(s.Problems, Problem{File: f, Offset: off,
					Message: fmt.Sprintf("skillcheck-enable %s has no skillcheck-disable before it", strings.Join(d.Names, ", "))})
			}
			return
		}
		s.Directives = append(s.Directives, d)
	}
	if yamlEnd > yamlStart {
		for _, m := range yamlDirective.FindAllSubmatchIndex(f.Src[yamlStart:yamlEnd], -1) {
			add(string(bytes.TrimSpace(f.Src[yamlStart+m[2]:yamlStart+m[3]])), yamlStart+m[2])
		}
	}
	for _, c := range doc.Comments {
		add(c.Text, c.Offset)
	}
}

// closeOpen ends the open disable directives naming the same rules.
func closeOpen(opens []*Directive, enable *Directive, line int) bool {
	closed := false
	for _, d := range opens {
		if d.ToLine == d.File.Lines() && sameRules(d.Rules, enable.Rules) && d.FromLine <= line {
			d.ToLine = line
			closed = true
		}
	}
	return closed
}

func sameRules(a, b []*analysis.Rule) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[*analysis.Rule]bool{}
	for _, r := range a {
		in[r] = true
	}
	for _, r := range b {
		if !in[r] {
			return false
		}
	}
	return true
}

// nextLineSpan returns the line after line, extended over a fenced code
// block that opens on it.
func nextLineSpan(doc *markdown.Document, line int) (int, int) {
	next := line + 1
	for _, b := range doc.CodeBlocks {
		if doc.File.Position(b.Offset).Line == next {
			end := doc.File.Position(b.End).Line
			if b.End > 0 && doc.File.Position(b.End).Col == 1 && end > next {
				end-- // End is the start of the line after the block
			}
			return next, end
		}
	}
	return next, next
}

// parse reads one comment. It returns nil and no message for a comment that
// is not a directive.
func parse(text string, rules analysis.Set) (*Directive, string) {
	word := directiveStart.FindString(text)
	if word == "" {
		return nil, ""
	}
	kind, ok := kindWords[word]
	if !ok {
		return nil, fmt.Sprintf("unknown directive %q: use skillcheck-disable-next-line, skillcheck-disable, skillcheck-enable or skillcheck-disable-file", word)
	}
	rest := strings.TrimSpace(text[len(word):])
	names, reason, hasReason := strings.Cut(rest, "--")
	d := &Directive{Kind: kind, Reason: strings.TrimSpace(reason)}
	for _, n := range strings.FieldsFunc(names, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		matched, err := rules.Match(n)
		if err != nil {
			return nil, fmt.Sprintf("%s: %v", word, err)
		}
		d.Names = append(d.Names, n)
		d.Rules = append(d.Rules, matched...)
	}
	switch {
	case len(d.Names) == 0:
		return nil, fmt.Sprintf("%s names no rule: give rule IDs, aliases or blocks (e.g. SK301)", word)
	case kind != Enable && (!hasReason || d.Reason == ""):
		return nil, fmt.Sprintf("%s %s has no reason: add \" -- why the finding does not apply\"", word, strings.Join(d.Names, ", "))
	}
	return d, ""
}

// Suppressed reports whether the set covers diagnostic diag, and marks the
// covering directive used.
func (s *Set) Suppressed(diag analysis.Diagnostic) bool {
	hit := false
	for _, d := range s.Directives {
		if !d.appliesTo(diag.Path) || !d.covers(diag) {
			continue
		}
		d.used = true
		hit = true
	}
	return hit
}

// appliesTo reports whether the directive can cover findings in path: its own
// file, and for a file-wide directive in SKILL.md, the other files of the
// skill folder (findings about files that cannot hold directives).
func (d *Directive) appliesTo(path string) bool {
	if path == d.File.Path {
		return true
	}
	dir := filepath.Dir(d.File.Path)
	return d.Kind == File && filepath.Base(d.File.Path) == "SKILL.md" &&
		strings.HasPrefix(path, dir+string(filepath.Separator))
}

func (d *Directive) covers(diag analysis.Diagnostic) bool {
	if diag.Line == 0 && d.Kind != File {
		return false
	}
	if diag.Line < d.FromLine || diag.Line > d.ToLine {
		return false
	}
	for _, r := range d.Rules {
		if r == diag.Rule {
			return true
		}
	}
	return false
}
