package main

import (
	"io"

	"github.com/spf13/cobra"
)

// Project addresses used in reports.
const (
	projectURI = "https://github.com/skillcheck-dev/skillcheck"
	rulesURI   = projectURI + "/blob/main/docs/rules.md"
)

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "skillcheck",
		Short: "Lint Claude Code skill packs",
		Long: `skillcheck lints Claude Code skills, plugins and marketplaces: frontmatter as
Claude Code and the Agent Skills specification read it, names, descriptions,
tool lists, links, reference files and manifests, with a position and a rule
for every finding.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// --version prints what `skillcheck version` does; the line holds no
	// template actions.
	root.SetVersionTemplate(versionLine() + "\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newLintCmd(), newStatsCmd(), newRulesCmd(), newExplainCmd(), newNewCmd(), newInitCmd(), newInstallCmd(), newLSPCmd(), newVersionCmd())
	return root
}
