package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint"
)

// budgets are token limits per skill; 0 means none.
type budgets struct {
	skillFile, route, markdown int
}

func newStatsCmd() *cobra.Command {
	var (
		format string
		limit  budgets
	)
	cmd := &cobra.Command{
		Use:   "stats [PATH...]",
		Short: "Show how many tokens each skill costs Claude, and check budgets",
		Long: `Stats measures each skill below the given paths in tokens (about four
characters a token, the estimate every size rule uses): SKILL.md, which
Claude reads when it invokes the skill; the largest route, SKILL.md plus the
largest other Markdown file; and all Markdown of the skill. Other files
(scripts, shipped code) are counted in bytes: Claude reads them only when
told to.

With --max-* budgets, a skill over one is named and the exit status is 1.`,
		Example: `  skillcheck stats plugin/skills
  skillcheck stats --max-skill-md 2500 --max-route 8000 --max-markdown 15000 .
  skillcheck stats --format json .`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return &exitError{code: exitUsage, err: fmt.Errorf("--format: want text or json, not %q", format)}
			}
			stats, err := lint.Stats(cmd.Context(), lint.Options{Paths: args})
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if format == "json" {
				err = writeStatsJSON(cmd.OutOrStdout(), stats)
			} else {
				err = writeStatsText(cmd.OutOrStdout(), stats)
			}
			if err != nil {
				return &exitError{code: exitInternal, err: err}
			}
			if over := limit.exceeded(stats); len(over) > 0 {
				for _, o := range over {
					fmt.Fprintln(cmd.ErrOrStderr(), o)
				}
				return &exitError{code: exitFindings, err: errors.New("skills over budget")}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&format, "format", "f", "text", "output format: text or json")
	fl.IntVar(&limit.skillFile, "max-skill-md", 0, "largest SKILL.md, in tokens (0: no limit)")
	fl.IntVar(&limit.route, "max-route", 0, "largest SKILL.md plus one other Markdown file, in tokens (0: no limit)")
	fl.IntVar(&limit.markdown, "max-markdown", 0, "largest total of a skill's Markdown, in tokens (0: no limit)")
	return cmd
}

// exceeded describes each budget a skill goes over.
func (b budgets) exceeded(stats []lint.SkillStats) []string {
	var out []string
	check := func(s lint.SkillStats, what string, got, limit int) {
		if limit > 0 && got > limit {
			out = append(out, fmt.Sprintf("%s: %s is %d tokens, over the budget of %d", safetext.Text(s.Dir), what, got, limit))
		}
	}
	for _, s := range stats {
		check(s, "SKILL.md", s.SkillFile, b.skillFile)
		check(s, "SKILL.md with "+s.RouteFile, s.Route, b.route)
		check(s, "its Markdown", s.Markdown, b.markdown)
	}
	return out
}

func writeStatsText(w io.Writer, stats []lint.SkillStats) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "SKILL.md\troute\tMarkdown\tfiles\tother files\tother bytes\t skill\t")
	for _, s := range stats {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%d\t %s\t\n", s.SkillFile, s.Route, s.Markdown, s.MarkdownFiles,
			s.OtherFiles, s.OtherBytes, safetext.Text(s.Dir))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d skills; tokens estimated at four characters each (one per CJK character); route = SKILL.md + its largest other Markdown file\n", len(stats))
	return err
}

func writeStatsJSON(w io.Writer, stats []lint.SkillStats) error {
	if stats == nil {
		stats = []lint.SkillStats{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Skills []lint.SkillStats `json:"skills"`
	}{stats})
}
