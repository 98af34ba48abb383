package report

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

func TestSplitMessage(t *testing.T) {
	for _, tc := range []struct {
		msg         string
		first, rest int
		head, notes []string
	}{
		{ // fits: whole
			msg: "name has uppercase letters; use lowercase", first: 60, rest: 60,
			head: []string{"name has uppercase letters; use lowercase"},
		},
		{ // cut at clauses: the first is the head, each "; " part a note
			msg: "listing differs from calc.go#Add (first difference on this line): the skill teaches code that is not the tested code; `skillcheck lint --fix` copies it again", first: 60, rest: 60,
			head:  []string{"listing differs from calc.go#Add (first difference on this", "line)"},
			notes: []string{"the skill teaches code that is not the tested code", "`skillcheck lint --fix` copies it again"},
		},
		{ // separators inside quotes, backquotes and brackets do not cut
			msg: `value "a: b; c" and ` + "`x: y`" + ` (see: here; there) is long enough to be cut somewhere: the rest`, first: 60, rest: 60,
			head:  []string{`value "a: b; c" and ` + "`x: y`" + ` (see: here; there) is long enough`, "to be cut somewhere"},
			notes: []string{"the rest"},
		},
		{ // a short first clause takes in the next
			msg: "reference package reference/calc: tests fail: TestAdd: calc_test.go:7: Add(2, 2) = 4, want 5", first: 60, rest: 60,
			head:  []string{"reference package reference/calc: tests fail"},
			notes: []string{"TestAdd: calc_test.go:7: Add(2, 2) = 4, want 5"},
		},
		{ // no separator: wrapped
			msg: strings.Repeat("word ", 20), first: 30, rest: 40,
			head: []string{"word word word word word word", "word word word word word word word word", "word word word word word word"},
		},
		{ // a word longer than a line is cut
			msg: strings.Repeat("x", 50), first: 20, rest: 30,
			head: []string{strings.Repeat("x", 20), strings.Repeat("x", 30)},
		},
	} {
		head, notes := splitMessage(tc.msg, tc.first, tc.rest)
		assert.Equal(t, tc.head, head, tc.msg)
		assert.Equal(t, tc.notes, notes, tc.msg)
		for i, h := range head {
			limit := tc.rest
			if i == 0 {
				limit = tc.first
			}
			assert.LessOrEqual(t, textWidth(h), limit, "%q", h)
		}
	}
}

func TestWrapPrefersCommas(t *testing.T) {
	got := wrap("narrow it to the fixed host and arguments the skill needs, e.g. Bash(curl -s https://api.example.com/status)", 80, 80)
	assert.Equal(t, []string{"narrow it to the fixed host and arguments the skill needs,", "e.g. Bash(curl -s https://api.example.com/status)"}, got)
}

func TestWrapSavesAnOrphanAtAComma(t *testing.T) {
	got := wrap(`link "guide.md" points at guide.md, which does not exist in the skill folder`, 73, 96)
	assert.Equal(t, []string{`link "guide.md" points at guide.md,`, "which does not exist in the skill folder"}, got)
	got = wrap(`value is not valid YAML as written (mapping values are not allowed in this context)`, 66, 96)
	assert.Equal(t, []string{"value is not valid YAML as written (mapping values are not allowed", "in this context)"}, got, "no comma: as it comes")
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		line       string
		col, avail int
		text       string
		caret      int
	}{
		{"name: PDF Forms", 7, 80, "name: PDF Forms", 6},
		{"\tx := 1", 2, 80, "    x := 1", 4},         // a tab is a tab stop
		{"ab\tc", 4, 80, "ab  c", 4},                 // to the next stop
		{"名前: 表", 5, 80, "名前: 表", 6},                 // wide characters take two columns
		{"a\x1b[2Jb", 3, 80, `a\x1b[2Jb`, 5},         // controls are escaped, the caret follows
		{"x\u200by", 3, 80, `x\u200by`, 7},           // invisible characters show where they are
		{"bad \xff byte", 6, 80, `bad \xff byte`, 8}, // so do bytes that are not UTF-8
		{"end", 9, 80, "end", 3},                     // past the end: after the line
		{"", 1, 80, "", 0},                           // an empty line
		{strings.Repeat("a", 50) + "X" + strings.Repeat("b", 50), 51, 32, "…" + strings.Repeat("a", 10) + "X" + strings.Repeat("b", 19) + "…", 11},
		{strings.Repeat("a", 100) + "X", 101, 32, "…" + strings.Repeat("a", 29) + "X", 30},
		{"X" + strings.Repeat("b", 100), 1, 32, "X" + strings.Repeat("b", 29) + "…", 0},
	} {
		text, caret := snippet(tc.line, tc.col, tc.avail)
		assert.Equal(t, tc.text, text, "%q", tc.line)
		assert.Equal(t, tc.caret, caret, "%q", tc.line)
		assert.LessOrEqual(t, textWidth(text), max(tc.avail, 20), "%q", tc.line)
	}
}

func TestFileSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "SKILL.md")
	require.NoError(t, os.WriteFile(file, []byte("\uFEFF---\r\nname: x\r\n---\n\nlast"), 0o644))
	require.NoError(t, os.Symlink(file, filepath.Join(dir, "link.md")))
	src := FileSource(1 << 20)
	for n, want := range map[int]string{1: "---", 2: "name: x", 3: "---", 4: "", 5: "last"} {
		got, ok := src(file, n)
		assert.True(t, ok, n)
		assert.Equal(t, want, got, n)
	}
	for _, n := range []int{0, 6} {
		_, ok := src(file, n)
		assert.False(t, ok, n)
	}
	_, ok := src(filepath.Join(dir, "link.md"), 1)
	assert.False(t, ok, "not through a symbolic link")
	_, ok = src(dir, 1)
	assert.False(t, ok, "not a folder")
	_, ok = FileSource(4)(file, 1)
	assert.False(t, ok, "not over the limit")
}

// fixtureLine parses a line of a rule fixture's expected output.
var fixtureLine = regexp.MustCompile(`^(.+?)(?::(\d+):(\d+))?: (error|warning|info): (.*) \((SK\d{3}) ([a-z0-9-]+)\)$`)

// TestFirstLinesFitIn120 renders every message the rules' fixtures expect,
// without source lines, at the widest a terminal can be and at 80 columns: no first line of a
// finding is longer than 120 characters, nor than the terminal, and no line
// is lost (the words of the message are all there, in order).
func TestFirstLinesFitIn120(t *testing.T) {
	files, err := filepath.Glob("../checks/*/testdata/*/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var diags []analysis.Diagnostic
	longest := 0
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		require.NoError(t, err)
		for _, file := range ar.Files {
			if file.Name != "want" {
				continue
			}
			lines := bufio.NewScanner(bytes.NewReader(file.Data))
			for lines.Scan() {
				m := fixtureLine.FindStringSubmatch(lines.Text())
				if m == nil || m[6] == "SK214" { // no skills found: that one is the closing line
					continue
				}
				sev, err := analysis.ParseSeverity(m[4])
				require.NoError(t, err)
				diags = append(diags, analysis.Diagnostic{Path: m[1], Line: atoi(m[2]), Col: atoi(m[3]), Severity: sev, Message: m[5],
					Rule: &analysis.Rule{ID: m[6], Alias: m[7]}})
				longest = max(longest, utf8.RuneCountInString(lines.Text()))
			}
		}
	}
	require.Greater(t, len(diags), 100, "the fixtures' findings")
	t.Logf("%d findings, the longest %d characters on one line", len(diags), longest)

	for _, width := range []int{1000, 80} {
		var out bytes.Buffer
		p := NewText(&out, TextOptions{Rich: true, Width: width})
		for _, d := range diags {
			out.Reset()
			require.NoError(t, p.Diagnostics([]analysis.Diagnostic{d}))
			lines := strings.Split(strings.TrimLeft(out.String(), "\n"), "\n")
			assert.LessOrEqual(t, utf8.RuneCountInString(lines[0]), min(width, MaxFirstLine), "%s", lines[0])
			for _, l := range lines {
				assert.LessOrEqual(t, textWidth(l), max(width, MaxFirstLine), "%s", l)
			}
			assert.Equal(t, strings.Fields(words(d.Message)), strings.Fields(words(messageOf(lines))), "width %d: %s", width, d.Message)
		}
	}
}

// words drops the clause separators a split message loses.
func words(s string) string { return strings.NewReplacer(": ", " ", "; ", " ").Replace(s) }

// messageOf collects the message text of a finding rendered without source
// lines: the head after the label, its continuation lines and the notes
// after the location.
func messageOf(lines []string) string {
	_, head, _ := strings.Cut(lines[0], "]: ")
	parts := []string{head}
	for _, l := range lines[1:] {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "--> ") {
			parts = append(parts, strings.TrimPrefix(t, "= "))
		}
	}
	return strings.Join(parts, " ")
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
