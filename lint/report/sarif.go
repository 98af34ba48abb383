package report

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// SARIF 2.1.0 structures: only what skillcheck writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifText    `json:"shortDescription"`
		FullDescription      sarifText    `json:"fullDescription"`
		Help                 sarifHelp    `json:"help"`
		HelpURI              string       `json:"helpUri,omitempty"`
		DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifDefault struct {
		Enabled bool   `json:"enabled"`
		Level   string `json:"level"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations"`
		Fixes     []sarifFix      `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifact      `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifByteRegion `json:"deletedRegion"`
		InsertedContent sarifText       `json:"insertedContent"`
	}
	sarifByteRegion struct {
		ByteOffset int `json:"byteOffset"`
		ByteLength int `json:"byteLength"`
	}
)

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// sarifLevel maps severities to SARIF levels.
func sarifLevel(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "error"
	case analysis.Warning:
		return "warning"
	case analysis.Info:
		return "note"
	}
	return "none"
}

// SARIF writes a SARIF 2.1.0 log with one run. Every rule is described (ID,
// alias, summary, Markdown help, link to its documentation), columns count
// Unicode code points, and safe fixes are included as replacements.
func SARIF(w io.Writer, r *Report) error {
	driver := sarifDriver{Name: r.ToolName, Version: r.ToolVersion, InformationURI: r.InfoURI, Rules: []sarifRule{}}
	index := map[string]int{}
	for i, ru := range r.Rules {
		index[ru.ID] = i
		help := "# " + ru.ID + " " + ru.Alias + "\n\n" + ru.Doc
		sr := sarifRule{
			ID: ru.ID, Name: ru.Alias,
			ShortDescription:     sarifText{ru.Summary},
			FullDescription:      sarifText{ru.Summary},
			Help:                 sarifHelp{Text: help, Markdown: help},
			DefaultConfiguration: sarifDefault{Enabled: ru.Severity > analysis.Off, Level: sarifLevel(ru.Severity)},
		}
		if r.RulesURI != "" {
			sr.HelpURI = r.RulesURI + "#" + ru.Anchor()
		}
		driver.Rules = append(driver.Rules, sr)
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	for _, d := range r.Diagnostics {
		loc := sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(d.Path)}}
		if d.Line > 0 {
			loc.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Col}
		}
		res := sarifResult{
			RuleID: d.Rule.ID, RuleIndex: index[d.Rule.ID], Level: sarifLevel(d.Severity),
			Message:   sarifText{d.Message},
			Locations: []sarifLocation{{PhysicalLocation: loc}},
		}
		if d.Fix != nil {
			change := sarifArtifactChange{ArtifactLocation: loc.ArtifactLocation}
			for _, e := range d.Fix.Edits {
				change.Replacements = append(change.Replacements, sarifReplacement{
					DeletedRegion:   sarifByteRegion{ByteOffset: e.Start, ByteLength: e.End - e.Start},
					InsertedContent: sarifText{e.New},
				})
			}
			res.Fixes = []sarifFix{{Description: sarifText{d.Fix.Message}, ArtifactChanges: []sarifArtifactChange{change}}}
		}
		run.Results = append(run.Results, res)
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifURI turns a path into a relative URI reference with forward slashes.
func sarifURI(p string) string {
	p = filepath.ToSlash(p)
	p = strings.TrimPrefix(p, "./")
	u := url.URL{Path: p}
	return u.EscapedPath()
}
