package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/ruledoc"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

func newRulesCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its ID, alias, default severities and summary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := cmd.OutOrStdout()
			switch format {
			case "text":
				return rulesText(w, checks.All())
			case "markdown":
				_, err := io.WriteString(w, ruledoc.Markdown(checks.All()))
				return err
			case "json":
				return rulesJSON(w, checks.All())
			}
			return fmt.Errorf("unknown format %q (want text, markdown or json)", format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text, markdown or json")
	return cmd
}

func rulesText(w io.Writer, rs analysis.Set) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tALIAS\tCLAUDE-CODE\tPORTABLE\tSUMMARY")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Alias, r.SeverityIn(analysis.ClaudeCode), r.SeverityIn(analysis.Portable), r.Summary)
	}
	return tw.Flush()
}

type jsonRule struct {
	ID       string `json:"id"`
	Alias    string `json:"alias"`
	Summary  string `json:"summary"`
	Severity struct {
		ClaudeCode string `json:"claude-code"`
		Portable   string `json:"portable"`
	} `json:"severity"`
	Fixable bool   `json:"fixable"`
	Doc     string `json:"doc"`
}

func rulesJSON(w io.Writer, rs analysis.Set) error {
	out := make([]jsonRule, 0, len(rs))
	for _, r := range rs {
		jr := jsonRule{ID: r.ID, Alias: r.Alias, Summary: r.Summary, Fixable: r.Fixable, Doc: r.Doc}
		jr.Severity.ClaudeCode = r.SeverityIn(analysis.ClaudeCode).String()
		jr.Severity.Portable = r.SeverityIn(analysis.Portable).String()
		out = append(out, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
