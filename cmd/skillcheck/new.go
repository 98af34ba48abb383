package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/scaffold"
)

func newNewCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Create a skill folder that passes lint, with the sections a good skill has",
		Long: `New writes DIR/NAME/SKILL.md (frontmatter with a description to fill in, and
sections for when to use the skill, its decisions, steps and pitfalls) and
DIR/NAME/reference.md, which SKILL.md links. The result passes skillcheck lint.`,
		Example: "  skillcheck new pdf-forms --dir .claude/skills",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := scaffold.New(dir, args[0])
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			for _, f := range files {
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", f)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "folder to create the skill in")
	return cmd
}
