package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// JSONVersion is the version of the JSON report schema. It changes only when
// a field is removed or changes meaning; new fields may be added.
const JSONVersion = 1

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Skills       int `json:"skills"`
	Plugins      int `json:"plugins"`
	Marketplaces int `json:"marketplaces"`
	Counts
	Fixable int `json:"fixable"`
	// Baselined and BaselineFixed appear with a baseline (--baseline or
	// --write-baseline).
	Baselined     int `json:"baselined,omitempty"`
	BaselineFixed int `json:"baselineFixed,omitempty"`
}

type jsonDiagnostic struct {
	Path     string   `json:"path"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Rule     string   `json:"rule"`
	Alias    string   `json:"alias"`
	Severity string   `json:"severity"`
	Message  string   `json:"message"`
	Fix      *jsonFix `json:"fix,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	New   string `json:"new"`
}

// JSON writes the report as one JSON document (schema version JSONVersion):
// version and tool, the diagnostics with 1-based line and column (omitted for
// whole-file findings) and fixes as byte-offset edits, then the summary
// counts. The document is written as the diagnostics come: it is complete
// once End returns.
type JSON struct {
	w     io.Writer
	meta  *Meta
	tally Tally
}

// NewJSON returns a JSON printer writing to w.
func NewJSON(w io.Writer, m *Meta) Printer { return &JSON{w: w, meta: m} }

// Begin opens the document and its list of diagnostics.
func (j *JSON) Begin() error {
	tool, err := jsonIndent(jsonTool{Name: j.meta.ToolName, Version: j.meta.ToolVersion}, "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(j.w, "{\n  \"version\": %d,\n  \"tool\": %s,\n  \"diagnostics\": [", JSONVersion, tool)
	return err
}

// Diagnostics writes each diagnostic as an element of the list.
func (j *JSON) Diagnostics(ds []analysis.Diagnostic) error {
	for _, d := range ds {
		elem, err := jsonIndent(jsonDiagnostic{
			Path: d.Path, Line: d.Line, Column: d.Col,
			Rule: d.Rule.ID, Alias: d.Rule.Alias, Severity: d.Severity.String(),
			Message: d.Message, Fix: toJSONFix(d.Fix),
		}, "    ")
		if err != nil {
			return err
		}
		sep := ",\n    "
		if j.tally.total() == 0 {
			sep = "\n    "
		}
		j.tally.Add([]analysis.Diagnostic{d})
		if _, err := fmt.Fprintf(j.w, "%s%s", sep, elem); err != nil {
			return err
		}
	}
	return nil
}

// End closes the list and writes the summary.
func (j *JSON) End(s Scope) error {
	sum, err := jsonIndent(jsonSummary{
		Skills: s.Skills, Plugins: s.Plugins, Marketplaces: s.Marketplaces,
		Counts: j.tally.Counts, Fixable: j.tally.Fixable,
		Baselined: s.Baselined, BaselineFixed: s.BaselineFixed,
	}, "  ")
	if err != nil {
		return err
	}
	closeList := "]"
	if j.tally.total() > 0 {
		closeList = "\n  ]"
	}
	_, err = fmt.Fprintf(j.w, "%s,\n  \"summary\": %s\n}\n", closeList, sum)
	return err
}

// jsonIndent encodes v as indented JSON whose lines after the first start
// with prefix, with the characters that a terminal acts on and
// encoding/json leaves raw written as escapes.
func jsonIndent(v any, prefix string) ([]byte, error) {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		return nil, err
	}
	return safetext.JSON(b), nil
}

func toJSONFix(f *analysis.Fix) *jsonFix {
	if f == nil {
		return nil
	}
	jf := &jsonFix{Message: f.Message}
	for _, e := range f.Edits {
		jf.Edits = append(jf.Edits, jsonEdit{Start: e.Start, End: e.End, New: e.New})
	}
	return jf
}
