package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/glamour/v2"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/skillcheck-dev/skillcheck/internal/ruledoc"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

func newExplainCmd() *cobra.Command {
	color := colorFlag("auto")
	cmd := &cobra.Command{
		Use:   "explain ID|ALIAS",
		Short: "Show a rule's documentation",
		Long: `Explain shows what a rule checks, why, its severities and how to fix what it
finds. On a terminal the documentation is rendered (headings, bold, code in
colour, wrapped to the terminal's width; GLAMOUR_STYLE=light, dark, notty…
picks the style); piped or with NO_COLOR set, it is written as Markdown.`,
		Example: "  skillcheck explain SK105\n  skillcheck explain frontmatter-cut-short",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := checks.All().Lookup(args[0])
			if r == nil {
				return fmt.Errorf("unknown rule %q; `skillcheck rules` lists them", args[0])
			}
			doc := ruledoc.Rule(r)
			out := cmd.OutOrStdout()
			if term := detectTerminal(out, cmd.ErrOrStderr(), color); term.rich {
				rendered, err := renderMarkdown(doc, out, term.width)
				if err != nil {
					return &exitError{code: exitInternal, err: err}
				}
				doc = rendered
			}
			_, err := io.WriteString(out, doc)
			return err
		},
	}
	cmd.Flags().Var(&color, "color", colorUsage)
	return cmd
}

// renderMarkdown renders Markdown for a terminal width columns wide (at
// most 100, for reading), in the style GLAMOUR_STYLE names or, by default,
// the dark or light style that suits the terminal's background.
func renderMarkdown(md string, out io.Writer, width int) (string, error) {
	if width <= 0 || width > 100 {
		width = 100
	}
	style := os.Getenv("GLAMOUR_STYLE")
	if style == "" {
		style = "dark"
		if f, ok := out.(*os.File); ok {
			if tty, _ := isTerminal(f); tty && !termenv.NewOutput(f).HasDarkBackground() {
				style = "light"
			}
		}
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return "", err
	}
	return r.Render(unwrap(md))
}

// unwrap joins the lines of each paragraph and list item: glamour wraps
// text to the terminal, but keeps the source's own line breaks (and a list
// item's indentation) as well, which leaves stray short lines.
func unwrap(md string) string {
	src := []byte(md)
	type span struct{ start, end int } // replaced by one space
	var breaks []span
	_ = ast.Walk(goldmark.DefaultParser().Parse(text.NewReader(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering && t.SoftLineBreak() {
			i := t.Segment.Stop
			for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
				i++
			}
			if i < len(src) && src[i] == '\n' {
				j := i + 1
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				breaks = append(breaks, span{t.Segment.Stop, j})
			}
		}
		return ast.WalkContinue, nil
	})
	var b strings.Builder
	last := 0
	for _, br := range breaks {
		b.Write(src[last:br.start])
		b.WriteByte(' ')
		last = br.end
	}
	b.Write(src[last:])
	return b.String()
}
