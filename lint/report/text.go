package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/muesli/termenv"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// TextOptions say how the text format looks.
type TextOptions struct {
	// Rich writes for a person at a terminal: each finding headed by its
	// severity, rule ID and alias, then its place, the source line with a
	// caret under the column, and the rest of a long message below; a
	// closing line counts what --fix can fix. Otherwise each finding is one
	// line, path:line:col: severity: message (ID alias), as tools, logs and
	// pipes expect.
	Rich bool
	// Color adds ANSI colours to the rich form.
	Color bool
	// Width is the terminal's width in columns (0 for 100). First lines are
	// never longer than 120 characters, whatever the width.
	Width int
	// Source returns the text of 1-based line n of a file, for the rich
	// form; nil shows no source lines. See [FileSource].
	Source func(path string, n int) (string, bool)
}

// MaxFirstLine is the longest first line of a finding in the rich form, in
// characters: the rest of a longer message follows on the next lines.
const MaxFirstLine = 120

// defaultWidth is the width assumed when the terminal's is unknown.
const defaultWidth = 100

// Text writes the text format, one-line or rich (see [TextOptions]).
type Text struct {
	w     *bufio.Writer
	opts  TextOptions
	st    styles
	tally Tally
	// blocks counts the rich blocks written, to separate them.
	blocks int
	// noSkills holds the "no skills found" findings of the rich form until
	// End knows whether the run linted anything.
	noSkills []analysis.Diagnostic
}

// NewText returns a text printer writing to w.
func NewText(w io.Writer, opts TextOptions) *Text {
	if opts.Width <= 0 {
		opts.Width = defaultWidth
	}
	return &Text{w: bufio.NewWriter(w), opts: opts, st: newStyles(opts.Color)}
}

// Begin writes nothing: the text format has no header.
func (t *Text) Begin() error { return nil }

// Diagnostics writes the diagnostics of one part of the run.
func (t *Text) Diagnostics(ds []analysis.Diagnostic) error {
	t.tally.Add(ds)
	for _, d := range ds {
		switch {
		case !t.opts.Rich:
			t.w.WriteString(d.String())
			t.w.WriteByte('\n')
		case d.Rule.NothingFound && d.Line == 0:
			t.noSkills = append(t.noSkills, d)
		default:
			t.block(d)
		}
	}
	return t.w.Flush()
}

// End writes the closing line: the summary, and in the rich form how many
// findings --fix can fix. When the run found nothing to lint, it says "no
// skills found under PATH" once: the one-line form has written the finding,
// the rich form writes it as the closing line.
func (t *Text) End(s Scope) error {
	nothing := t.tally.nothingFound(s)
	switch {
	case !t.opts.Rich && nothing && len(t.tally.noSkills) > 0:
		// the finding's line says it
	case !t.opts.Rich:
		t.w.WriteString(t.tally.Summary(s))
		t.w.WriteByte('\n')
	case nothing:
		t.closing(t.st.severity(t.noSkillsSeverity()).Styled(t.tally.Summary(s)))
	default:
		for _, d := range t.noSkills {
			t.block(d)
		}
		t.closing(t.richSummary(s))
	}
	return t.w.Flush()
}

// closing writes the closing line of the rich form, after a blank line when
// findings precede it.
func (t *Text) closing(line string) {
	if t.blocks > 0 {
		t.w.WriteByte('\n')
	}
	t.w.WriteString(line)
	t.w.WriteByte('\n')
}

// noSkillsSeverity is the highest severity of the "no skills found"
// findings.
func (t *Text) noSkillsSeverity() analysis.Severity {
	sev := analysis.Info
	for _, d := range t.noSkills {
		sev = max(sev, d.Severity)
	}
	return sev
}

// richSummary is the closing line: "2 errors, 1 warning in 12 skills (1
// fixable with --fix, 40 suppressed by the baseline)", counts in their
// severity's colour.
func (t *Text) richSummary(s Scope) string {
	var found []string
	if t.tally.total() == 0 {
		found = append(found, t.st.ok.Styled("no problems"))
	}
	for _, n := range []struct {
		n   int
		sev analysis.Severity
	}{{t.tally.Errors, analysis.Error}, {t.tally.Warnings, analysis.Warning}, {t.tally.Infos, analysis.Info}} {
		if n.n > 0 {
			found = append(found, t.st.severity(n.sev).Styled(plural(n.n, n.sev.String())))
		}
	}
	line := strings.Join(found, ", ") + " in " + strings.Join(s.parts(), ", ")
	var notes []string
	if t.tally.Fixable > 0 {
		notes = append(notes, fmt.Sprintf("%d fixable with %s", t.tally.Fixable, t.st.code.Styled("--fix")))
	}
	if s.Baselined > 0 {
		notes = append(notes, s.baselined())
	}
	if len(notes) > 0 {
		line += " (" + strings.Join(notes, ", ") + ")"
	}
	return line
}

// block writes one finding in the rich form:
//
//	error[SK123 name-format]: name "PDF Forms" has uppercase letters
//	 --> skills/pdf-forms/SKILL.md:2:7
//	  |
//	2 | name: PDF Forms
//	  |       ^
//	  = use lowercase letters, digits and single hyphens, e.g. "pdf-forms"
func (t *Text) block(d analysis.Diagnostic) {
	if t.blocks > 0 {
		t.w.WriteByte('\n')
	}
	t.blocks++
	sevStyle := t.st.severity(d.Severity)
	label := fmt.Sprintf("%s[%s %s]", d.Severity, d.Rule.ID, d.Rule.Alias)
	width := min(t.opts.Width, MaxFirstLine)
	head, notes := splitMessage(safetext.Text(d.Message), width-textWidth(label)-2, width-headIndent)

	t.w.WriteString(sevStyle.Styled(label))
	t.w.WriteString(t.st.bold.Styled(": " + head[0]))
	t.w.WriteByte('\n')
	for _, h := range head[1:] {
		t.w.WriteString(t.st.bold.Styled(strings.Repeat(" ", headIndent) + h))
		t.w.WriteByte('\n')
	}

	var src string
	var haveSrc bool
	if d.Line > 0 && t.opts.Source != nil && !d.Rule.Secret {
		src, haveSrc = t.opts.Source(d.Path, d.Line)
	}
	gutter := 1
	if haveSrc {
		gutter = len(strconv.Itoa(d.Line))
	}
	pad := strings.Repeat(" ", gutter)
	loc := safetext.Text(d.Path)
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", loc, d.Line, d.Col)
	}
	fmt.Fprintf(t.w, "%s%s %s\n", pad, t.st.gutter.Styled("-->"), loc)
	bar := t.st.gutter.Styled("|")
	if haveSrc {
		text, caret := snippet(src, d.Col, t.opts.Width-gutter-3)
		fmt.Fprintf(t.w, "%s %s\n", pad, bar)
		fmt.Fprintf(t.w, "%s %s %s\n", t.st.gutter.Styled(strconv.Itoa(d.Line)), bar, text)
		fmt.Fprintf(t.w, "%s %s %s%s\n", pad, bar, strings.Repeat(" ", caret), sevStyle.Styled("^"))
	}
	eq := t.st.gutter.Styled("=")
	noteWidth := t.opts.Width - gutter - 3
	for _, n := range notes {
		for i, line := range wrap(n, noteWidth, noteWidth) {
			if i == 0 {
				fmt.Fprintf(t.w, "%s %s %s\n", pad, eq, line)
			} else {
				fmt.Fprintf(t.w, "%s   %s\n", pad, line)
			}
		}
	}
	if d.Fix != nil && d.Fix.Message != "" {
		fix := safetext.Text(d.Fix.Message) + " (" + t.st.code.Styled("--fix") + ")"
		fmt.Fprintf(t.w, "%s %s %s %s\n", pad, eq, t.st.help.Styled("fix:"), fix)
	}
}

// headIndent indents the lines of a message's first clause after the first.
const headIndent = 4

// styles are the rich form's colours; without colour every style writes
// text as it is.
type styles struct {
	bold, gutter, help, code, ok termenv.Style
	sev                          map[analysis.Severity]termenv.Style
}

func newStyles(color bool) styles {
	p := termenv.Ascii
	if color {
		p = termenv.ANSI
	}
	c := func(ansi termenv.ANSIColor) termenv.Style { return p.String().Foreground(p.Convert(ansi)).Bold() }
	return styles{
		bold:   p.String().Bold(),
		gutter: c(termenv.ANSIBrightBlue),
		help:   c(termenv.ANSICyan),
		code:   p.String().Foreground(p.Convert(termenv.ANSICyan)),
		ok:     c(termenv.ANSIGreen),
		sev: map[analysis.Severity]termenv.Style{
			analysis.Error:   c(termenv.ANSIRed),
			analysis.Warning: c(termenv.ANSIYellow),
			analysis.Info:    c(termenv.ANSICyan),
		},
	}
}

// severity returns the style of a severity.
func (s styles) severity(sev analysis.Severity) termenv.Style {
	if st, ok := s.sev[sev]; ok {
		return st
	}
	return s.bold
}
