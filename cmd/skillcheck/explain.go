package main

import (
	"fmt"
	"io"

	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/ruledoc"
	"github.com/skillcheck-dev/skillcheck/internal/termdoc"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

func newExplainCmd() *cobra.Command {
	color := colorFlag("auto")
	cmd := &cobra.Command{
		Use:   "explain ID|ALIAS",
		Short: "Show a rule's documentation",
		Long: `Explain shows what a rule checks, why, its severities and how to fix what it
finds. On a terminal the documentation is rendered (headings, bold, code in
colour, wrapped to the terminal's width, at most 100 columns); piped or with
NO_COLOR set, it is written as Markdown.`,
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
				width := term.width
				if width <= 0 || width > 100 {
					width = 100 // for reading
				}
				doc = termdoc.Render(doc, width, termenv.ANSI)
			}
			_, err := io.WriteString(out, doc)
			return err
		},
	}
	cmd.Flags().Var(&color, "color", colorUsage)
	return cmd
}
