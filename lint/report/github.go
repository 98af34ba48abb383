package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// GitHub writes GitHub Actions workflow commands (::error, ::warning,
// ::notice) that annotate the lines of a pull request.
func GitHub(w io.Writer, r *Report) error {
	for _, d := range r.Diagnostics {
		level := map[analysis.Severity]string{analysis.Error: "error", analysis.Warning: "warning", analysis.Info: "notice"}[d.Severity]
		if level == "" {
			continue
		}
		props := []string{"file=" + ghProperty(d.Path)}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line), fmt.Sprintf("col=%d", d.Col))
		}
		props = append(props, "title="+ghProperty(d.Rule.ID+" "+d.Rule.Alias))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(d.Message)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, Summary(r))
	return err
}

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
