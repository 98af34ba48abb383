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

	skillcheck "github.com/skillcheck-dev/skillcheck"
	"github.com/skillcheck-dev/skillcheck/internal/install"
	"github.com/skillcheck-dev/skillcheck/internal/safetext"
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
--force. Skills: ` + strings.Join(skillcheck.SkillNames(), ", ") + ".",
		Example: "  skillcheck install\n  skillcheck install rest-client saga --user\n  skillcheck install --dry-run",
		RunE: func(cmd *cobra.Command, args []string) error {
			names := args
			if len(names) == 0 {
				names = skillcheck.SkillNames()
			}
			for _, n := range names {
				if !slices.Contains(skillcheck.SkillNames(), n) {
					return &exitError{code: exitUsage, err: fmt.Errorf("no skill %q in the pack (it has %s)", n, strings.Join(skillcheck.SkillNames(), ", "))}
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
			changes, err := install.Install(skillcheck.Skills(), names, install.Options{Dest: dest, Force: force, DryRun: dryRun})
			stopped := errors.Is(err, install.ErrConflict) || errors.Is(err, install.ErrBlocked)
			if err != nil && !stopped {
				return &exitError{code: exitInternal, err: err}
			}
			w := cmd.OutOrStdout()
			printChanges(w, changes, dryRun, stopped, force)
			if stopped {
				return &exitError{code: exitFindings, err: errors.New(whyStopped(changes, dryRun))}
			}
			fmt.Fprintln(w, installSummary(changes, names, dest, dryRun))
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
// or, when the installation stopped, which files stopped it. Unchanged files
// go unsaid.
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

// installSummary is the closing line of an installation that went through:
// what it did to how many files ("installed 4 skills in .claude/skills: 23
// files created"), or that nothing needed changing.
func installSummary(changes []install.Change, names []string, dest string, dryRun bool) string {
	n := map[install.Kind]int{}
	for _, c := range changes {
		n[c.Kind]++
	}
	var did []string
	for _, k := range []struct {
		n          int
		word, plan string
	}{
		{n[install.Create], "created", "to create"}, {n[install.Update], "updated", "to update"},
		{n[install.Conflict] + n[install.Foreign], "overwritten", "to overwrite"},
		{n[install.Remove], "removed", "to remove"}, {n[install.Keep], "kept", "to keep"},
	} {
		if dryRun {
			k.word = k.plan
		}
		switch {
		case k.n == 0:
		case len(did) == 0:
			did = append(did, files(k.n)+" "+k.word)
		default:
			did = append(did, fmt.Sprintf("%d %s", k.n, k.word))
		}
	}
	what := skillCount(len(names))
	if len(names) == 1 {
		what = names[0]
	}
	where := safetext.Text(dest)
	switch {
	case len(did) == 0 || len(did) == 1 && n[install.Keep] > 0:
		return fmt.Sprintf("nothing to change: %s up to date in %s", skillCount(len(names)), where)
	case dryRun:
		return fmt.Sprintf("dry run, nothing written: would install %s in %s: %s", what, where, strings.Join(did, ", "))
	}
	return fmt.Sprintf("installed %s in %s: %s", what, where, strings.Join(did, ", "))
}

// whyStopped says why an installation wrote nothing, naming what each file
// in the way is: changed since skillcheck installed it, never installed by
// skillcheck, or not a regular file.
func whyStopped(changes []install.Change, dryRun bool) string {
	n := map[install.Kind]int{}
	for _, c := range changes {
		n[c.Kind]++
	}
	var why []string
	if k := n[install.Conflict]; k > 0 {
		why = append(why, fmt.Sprintf("%s changed since skillcheck installed %s", files(k), them(k)))
	}
	if k := n[install.Foreign]; k > 0 {
		why = append(why, fmt.Sprintf("%s not installed by skillcheck", files(k)))
	}
	fix := "--force overwrites " + them(n[install.Conflict]+n[install.Foreign])
	if k := n[install.Blocked]; k > 0 {
		why = append(why, fmt.Sprintf("%s in the way (symbolic links or not regular files)", files(k)))
		fix = "move " + them(k) + " away"
	}
	verb := "nothing written"
	if dryRun {
		verb = "installing would stop"
	}
	return fmt.Sprintf("%s: %s; %s", verb, strings.Join(why, ", "), fix)
}

func files(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func skillCount(n int) string {
	if n == 1 {
		return "1 skill"
	}
	return fmt.Sprintf("%d skills", n)
}
