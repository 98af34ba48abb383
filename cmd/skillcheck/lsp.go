package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/lsp"
)

func newLSPCmd() *cobra.Command {
	var f lintFlags
	var slow bool
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server for editors (Language Server Protocol on standard input and output)",
		Long: `Lsp serves skillcheck to an editor over the Language Server Protocol, on
standard input and output: a skill's findings as diagnostics when one of its
files is opened, changed or saved (the skill alone is linted, with the
editor's unsaved text), the rules' safe fixes as quick fixes, a rule's or a
frontmatter key's documentation on hover, and completion of frontmatter keys
and values. The configuration is the .skillcheck.yaml found upward from each
file, as for lint. The checks that start other programs (Go type checks,
go vet, bash -n) are skipped unless --slow is given.`,
		Example: "  skillcheck lsp\n  skillcheck lsp --profile portable",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.fast = !slow
			opts, _, err := f.options(nil)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			rwc := stdio{cmd.InOrStdin(), cmd.OutOrStdout()}
			if err := lsp.Serve(cmd.Context(), rwc, lsp.Options{Lint: opts, Version: version()}); err != nil {
				return &exitError{code: exitInternal, err: err}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&slow, "slow", false, "also run the checks that start other programs (Go type checks, go vet, bash -n), as lint does without --fast")
	fl.StringVar(&f.profile, "profile", "", "claude-code (default) or portable (adds the specification's and uploads' rules)")
	fl.StringVar(&f.configPath, "config", "", "use this configuration file instead of the .skillcheck.yaml found upward from each file")
	fl.StringArrayVar(&f.ruleLevels, "rule", nil, "set a rule's severity, `RULE=LEVEL` (ID, alias, block such as SK2xx, or all; off, info, warning, error)")
	fl.BoolVar(&f.offline, "offline", false, "with --slow, never download the modules Go code blocks import")
	fl.StringVar(&f.maxFileSize, "max-file-size", "", "largest file read, e.g. 4MiB (default from config, else 4MiB)")
	return cmd
}

// stdio is standard input and output as one stream; closing it closes
// both, which ends a read waiting on the editor.
type stdio struct {
	io.Reader
	io.Writer
}

func (s stdio) Close() error {
	var errs []error
	for _, c := range []any{s.Reader, s.Writer} {
		if c, ok := c.(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}
