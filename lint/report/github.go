package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// GitHub writes GitHub Actions workflow commands (::error, ::warning,
// ::notice) that annotate the lines of a pull request, one a line as the
// diagnostics come, then the summary.
type GitHub struct {
	w     io.Writer
	tally Tally
}

// NewGitHub returns a printer of workflow commands writing to w.
func NewGitHub(w io.Writer) *GitHub { return &GitHub{w: w} }

// Begin writes nothing: workflow commands need no header.
func (g *GitHub) Begin() error { return nil }

// Diagnostics writes one workflow command per diagnostic.
func (g *GitHub) Diagnostics(ds []analysis.Diagnostic) error {
	g.tally.Add(ds)
	for _, d := range ds {
		level := ghLevels[d.Severity]
		if level == "" {
			continue
		}
		props := []string{"file=" + ghProperty(d.Path)}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line), fmt.Sprintf("col=%d", d.Col))
		}
		props = append(props, "title="+ghProperty(d.Rule.ID+" "+d.Rule.Alias))
		if _, err := fmt.Fprintf(g.w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(d.Message)); err != nil {
			return err
		}
	}
	return nil
}

// End writes the summary line, unless the run found nothing to lint: then
// the annotation has said so.
func (g *GitHub) End(s Scope) error {
	if g.tally.nothingFound(s) && len(g.tally.noSkills) > 0 {
		return nil
	}
	_, err := fmt.Fprintln(g.w, g.tally.Summary(s))
	return err
}

// ghLevels maps severities to workflow commands.
var ghLevels = map[analysis.Severity]string{analysis.Error: "error", analysis.Warning: "warning", analysis.Info: "notice"}

// ghDataEscaper and ghPropertyEscaper escape as the workflow command rules
// require.
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghData escapes a workflow command's message: control characters shown
// (the log is a terminal too), then the workflow command escapes.
func ghData(s string) string { return ghDataEscaper.Replace(safetext.Text(s)) }

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string { return ghPropertyEscaper.Replace(safetext.Text(s)) }
