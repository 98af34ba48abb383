package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/install"
	"github.com/skillcheck-dev/skillcheck/internal/safetext"
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
			stopped := errors.Is(err, install.ErrConflict) || errors.Is(err, install.ErrBlocked)
			printChanges(cmd.OutOrStdout(), changes, dryRun, stopped, force)
			switch {
			case stopped:
				return &exitError{code: exitFindings, err: fmt.Errorf("nothing written: %w", err)}
			case err != nil:
				return &exitError{code: exitInternal, err: err}
			case !dryRun && !changed(changes):
				fmt.Fprintf(cmd.OutOrStdout(), "nothing to change: %s up to date in %s\n", skillCount(len(names)), safetext.Text(dest))
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

// printChanges says what was done to each file, or what would be (dry run),
// or, when the installation stopped, which files stopped it.
func printChanges(w io.Writer, changes []install.Change, dryRun, stopped, force bool) {
	for _, c := range changes {
		var word string
		switch {
		case stopped:
			word = map[install.Kind]string{
				install.Conflict: "changed since installed, not overwritten:",
				install.Foreign:  "not installed by skillcheck, not overwritten:",
				install.Blocked:  "in the way (a symbolic link or not a regular file), not written:",
			}[c.Kind]
			if force && c.Kind != install.Blocked {
				word = ""
			}
		case dryRun:
			word = map[install.Kind]string{
				install.Create: "would create", install.Update: "would update", install.Remove: "would remove",
				install.Conflict: "would overwrite (changed since installed):",
				install.Foreign:  "would overwrite (not installed by skillcheck):",
				install.Keep:     "would keep (changed, no longer in the pack):",
			}[c.Kind]
		default:
			word = map[install.Kind]string{
				install.Create: "created", install.Update: "updated", install.Remove: "removed",
				install.Conflict: "overwrote (changed since installed):",
				install.Foreign:  "overwrote (not installed by skillcheck):",
				install.Keep:     "kept (changed, no longer in the pack):",
			}[c.Kind]
		}
		if word != "" {
			fmt.Fprintf(w, "%s %s\n", word, safetext.Text(c.Path))
		}
	}
}

// changed reports whether an installation changed any file.
func changed(changes []install.Change) bool {
	for _, c := range changes {
		if c.Kind != install.Unchanged && c.Kind != install.Keep {
			return true
		}
	}
	return false
}

func skillCount(n int) string {
	if n == 1 {
		return "1 skill"
	}
	return fmt.Sprintf("%d skills", n)
}
