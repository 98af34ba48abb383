package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/ruledoc"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "explain ID|ALIAS",
		Short:   "Show a rule's documentation",
		Example: "  skillcheck explain SK105\n  skillcheck explain frontmatter-cut-short",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := checks.All().Lookup(args[0])
			if r == nil {
				return fmt.Errorf("unknown rule %q; `skillcheck rules` lists them", args[0])
			}
			_, err := io.WriteString(cmd.OutOrStdout(), ruledoc.Rule(r))
			return err
		},
	}
}
