package termdoc_test

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"github.com/skillcheck-dev/skillcheck/internal/ruledoc"
	"github.com/skillcheck-dev/skillcheck/internal/termdoc"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

const doc = "## SK000 an-example\n\n" +
	"**Why.** A `code span` and *emphasis* in a paragraph long enough to be wrapped\n" +
	"at forty columns, with a [link](https://example.com/x).\n\n" +
	"- a first item that is itself long enough to wrap onto a second line\n" +
	"- a second item\n\n" +
	"1. one\n2. two\n\n" +
	"```yaml\nkey: a value whose line is longer than forty columns, kept whole\n```\n\n" +
	"| a | b |\n|---|---|\n| `x` | a cell \\| with a bar |\n"

func TestRenderLaysOutForTheWidth(t *testing.T) {
	got := termdoc.Render(doc, 40, termenv.Ascii)
	want := `  SK000 an-example

  Why. A code span and emphasis in a
  paragraph long enough to be wrapped at
  forty columns, with a link
  (https://example.com/x).

  • a first item that is itself long
    enough to wrap onto a second line
  • a second item

  1. one
  2. two

      key: a value whose line is longer than forty columns, kept whole

  a — b
  x — a cell | with a bar
`
	if got != want {
		t.Errorf("Render:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderStyles(t *testing.T) {
	got := termdoc.Render(doc, 80, termenv.ANSI)
	for _, want := range []string{
		"\x1b[1;94mSK000 an-example\x1b[0m", // heading
		"\x1b[1mWhy.\x1b[0m A ",             // strong, the space after it unstyled
		"\x1b[36mcode span\x1b[0m",          // one run, its space inside
		"\x1b[3memphasis\x1b[0m",
		"\x1b[4mlink\x1b[0m \x1b[2m(https://example.com/x)\x1b[0m",
		"\x1b[1ma\x1b[0m — \x1b[1mb\x1b[0m", // the header row
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Render lacks %q:\n%q", want, got)
		}
	}
}

// TestEveryRuleFits renders every rule's documentation at 60 columns: no
// line is wider except code block lines (indented four columns past the
// margin) and lines of one word, and no word is lost.
func TestEveryRuleFits(t *testing.T) {
	for _, r := range checks.All() {
		md := ruledoc.Rule(r)
		out := termdoc.Render(md, 60, termenv.Ascii)
		for _, line := range strings.Split(out, "\n") {
			if runewidth.StringWidth(line) <= 60 || strings.HasPrefix(line, "      ") || len(strings.Fields(line)) <= 2 {
				continue
			}
			t.Errorf("%s: line wider than 60 columns: %q", r.ID, line)
		}
		for _, w := range []string{r.ID, r.Alias, "Why"} {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q missing from the rendering", r.ID, w)
			}
		}
	}
}
