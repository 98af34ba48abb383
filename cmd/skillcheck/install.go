package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/install"
	"github.com/skillcheck-dev/skillcheck/skills"
)

func newInstallCmd() *cobra.Command {
	var (
		dest                string
		user, force, dryRun bool
	)
	cmd := &cobra.Command{
		Use:   "install [SKILL...]",
		Short: "Install the microservices skills pack into .claude/skills",
		Long: `Install writes the skills of the pack embedded in skillcheck (all of them, or
the ones named) into ./.claude/skills, or ~/.claude/skills with --user. Each
skill folder is self-contained. Installing again updates the files you did not
change; a file you changed is left alone, and nothing is written, unless
--force. Skills: ` + strings.Join(skills.Names(), ", ") + ".",
		Example: "  skillcheck install\n  skillcheck install rest-client saga --user\n  skillcheck install --dry-run",
		RunE: func(cmd *cobra.Command, args []string) error {
			names := args
			if len(names) == 0 {
				names = skills.Names()
			}
			for _, n := range names {
				if !slices.Contains(skills.Names(), n) {
					return &exitError{code: exitUsage, err: fmt.Errorf("no skill %q in the pack (it has %s)", n, strings.Join(skills.Names(), ", "))}
				}
			}
			if dest == "" {
				dest = filepath.Join(".claude", "skills")
				if user {
					home, err := os.UserHomeDir()
					if err != nil {
						return &exitError{code: exitInternal, err: err}
					}
					dest = filepath.Join(home, ".claude", "skills")
				}
			}
			changes, err := install.Install(skills.FS(), names, install.Options{Dest: dest, Force: force, DryRun: dryRun})
			printChanges(cmd, changes, dryRun || errors.Is(err, install.ErrConflict))
			switch {
			case errors.Is(err, install.ErrConflict):
				return &exitError{code: exitFindings, err: err}
			case err != nil:
				return &exitError{code: exitInternal, err: err}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dest, "dest", "", "skills folder to install into (default ./.claude/skills)")
	fl.BoolVar(&user, "user", false, "install into ~/.claude/skills, for every project")
	fl.BoolVar(&force, "force", false, "overwrite files you changed since they were installed")
	fl.BoolVar(&dryRun, "dry-run", false, "say what would be written, and write nothing")
	return cmd
}

// printChanges says what was (or would be) done to each file.
func printChanges(cmd *cobra.Command, changes []install.Change, planned bool) {
	words := map[install.Kind][2]string{
		install.Create:   {"created", "would create"},
		install.Update:   {"updated", "would update"},
		install.Remove:   {"removed", "would remove"},
		install.Conflict: {"overwrote", "changed since installed, not overwritten:"},
		install.Keep:     {"kept (changed, no longer in the pack)", "would keep (changed, no longer in the pack)"},
	}
	for _, c := range changes {
		w, ok := words[c.Kind]
		if !ok {
			continue // unchanged
		}
		word := w[0]
		if planned {
			word = w[1]
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", word, c.Path)
	}
}
