package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/internal/scaffold"
)

func newNewCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Create a skill folder with the sections a good skill has",
		Long: `New writes DIR/NAME/SKILL.md (frontmatter with a description to fill in, and
sections for when to use the skill, its decisions, steps and pitfalls) and
DIR/NAME/reference.md, which SKILL.md links. The description is a placeholder
in <angle brackets> that skillcheck lint reports (SK134) until you replace it;
the rest passes lint as it is.`,
		Example: "  skillcheck new pdf-forms --dir .claude/skills",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := scaffold.New(dir, args[0])
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			w := cmd.OutOrStdout()
			for _, f := range files {
				fmt.Fprintf(w, "wrote %s\n", safetext.Text(f))
			}
			fmt.Fprintf(w, "next: replace the <placeholders> in the description of %s (skillcheck lint reports them until you do), then run skillcheck lint %s\n",
				safetext.Text(files[0]), safetext.Text(filepath.Dir(files[0])))
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "folder to create the skill in")
	return cmd
}
