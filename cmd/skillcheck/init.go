package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/config"
)

func newInitCmd() *cobra.Command {
	var (
		profile string
		force   bool
	)
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a .skillcheck.yaml that records the layout found and explains each setting",
		Long: `Init writes DIR/.skillcheck.yaml (DIR is the current folder by default): the
skills folders, plugins and marketplaces that skillcheck lint finds there, as
comments, then every setting with a comment that explains it. Every setting
has its default value but the profile: portable when skills sit in
.agents/skills or .github/skills, which agents other than Claude Code read,
claude-code otherwise, or the one --profile names. An existing
.skillcheck.yaml is left alone unless --force.`,
		Example: "  skillcheck init\n  skillcheck init plugins/media --profile portable",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			var p analysis.Profile
			if profile != "" {
				var err error
				if p, err = analysis.ParseProfile(profile); err != nil {
					return &exitError{code: exitUsage, err: err}
				}
			}
			root, err := safefs.OpenRoot(dir)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			defer root.Close()
			file := filepath.Join(dir, config.FileName)
			if _, err := root.Lstat(config.FileName); err == nil && !force {
				return &exitError{code: exitUsage, err: fmt.Errorf("%s already exists (--force replaces it)", safetext.Text(file))}
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return &exitError{code: exitInternal, err: err}
			}
			// The walk uses the settings the new file will hold (no
			// exclusions), not those of a file it replaces.
			found, err := lint.Layout(cmd.Context(), lint.Options{Paths: []string{dir}, Config: config.Default()})
			if err != nil {
				return &exitError{code: exitInternal, err: err}
			}
			if err := root.WriteFile(config.FileName, config.Sample(dir, found, p), 0); err != nil {
				code := exitInternal
				if errors.Is(err, safefs.ErrSymlink) || errors.Is(err, safefs.ErrNotRegular) {
					code = exitUsage // refused: a link or a folder in its place
				}
				return &exitError{code: code, err: err}
			}
			if p == "" {
				p, _ = config.SuggestProfile(found)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (profile %s; skills: %d, plugins: %d, marketplaces: %d)\n",
				safetext.Text(file), p, len(found.Skills), len(found.Plugins), len(found.Markets))
			return nil
		},
	}
	cmd.Flags().StringVar(&profile, "profile", "", "claude-code or portable (default: from the layout found)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing .skillcheck.yaml")
	return cmd
}
