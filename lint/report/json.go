package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// JSONVersion is the version of the JSON report schema. It changes only when
// a field is removed or changes meaning; new fields may be added.
const JSONVersion = 1

type jsonReport struct {
	Version     int              `json:"version"`
	Tool        jsonTool         `json:"tool"`
	Summary     jsonSummary      `json:"summary"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Skills       int `json:"skills"`
	Plugins      int `json:"plugins"`
	Marketplaces int `json:"marketplaces"`
	Counts
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
// tool, summary counts, and the diagnostics with 1-based line and column
// (omitted for whole-file findings) and fixes as byte-offset edits.
func JSON(w io.Writer, r *Report) error {
	out := jsonReport{
		Version: JSONVersion,
		Tool:    jsonTool{Name: r.ToolName, Version: r.ToolVersion},
		Summary: jsonSummary{
			Skills: r.Scope.Skills, Plugins: r.Scope.Plugins, Marketplaces: r.Scope.Marketplaces,
			Counts: Count(r.Diagnostics),
		},
		Diagnostics: []jsonDiagnostic{},
	}
	for _, d := range r.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			Path: d.Path, Line: d.Line, Column: d.Col,
			Rule: d.Rule.ID, Alias: d.Rule.Alias, Severity: d.Severity.String(),
			Message: d.Message, Fix: toJSONFix(d.Fix),
		})
	}
	return encodeJSON(w, out)
}

// encodeJSON writes v as indented JSON, with the characters that a terminal
// acts on and encoding/json leaves raw written as escapes.
func encodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safetext.JSON(buf.Bytes()))
	return err
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
