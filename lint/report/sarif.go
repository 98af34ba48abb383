package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// SARIF 2.1.0 structures: only what skillcheck writes. The log and its run
// are written by hand around them, so that results can stream.
type (
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
		// PartialFingerprints holds the finding's fingerprint under
		// FingerprintKey.
		PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
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

// FingerprintKey is the name under which SARIF results carry their
// fingerprint (see package baseline) in partialFingerprints: a versioned
// name of skillcheck's own, as SARIF asks. It is not
// primaryLocationLineHash, which GitHub's upload computes from the source
// and reports as inconsistent when a tool's value differs; GitHub matches
// results across runs on every partial fingerprint they carry.
const FingerprintKey = "skillcheck/v1"

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
// Unicode code points, and safe fixes are included as replacements. The log
// is one document, written as the diagnostics come: the rules are known
// before the first result, and the results are the document's last member,
// so nothing is held back; it is complete once End returns.
type SARIF struct {
	w     io.Writer
	meta  *Meta
	index map[string]int // rule ID → index in the driver's rules
	n     int            // results written
}

// NewSARIF returns a SARIF printer writing to w.
func NewSARIF(w io.Writer, m *Meta) Printer { return &SARIF{w: w, meta: m} }

// Begin writes the log up to the run's results: the tool and its rules.
func (s *SARIF) Begin() error {
	r := s.meta
	driver := sarifDriver{Name: r.ToolName, Version: r.ToolVersion, InformationURI: r.InfoURI, Rules: []sarifRule{}}
	s.index = map[string]int{}
	for i, ru := range r.Rules {
		s.index[ru.ID] = i
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
	tool, err := jsonIndent(sarifTool{Driver: driver}, "      ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.w, "{\n  \"$schema\": %q,\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": %s,\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
		sarifSchema, tool)
	return err
}

// Diagnostics writes a result for each diagnostic.
func (s *SARIF) Diagnostics(ds []analysis.Diagnostic) error {
	return s.FingerprintedDiagnostics(ds, nil)
}

// FingerprintedDiagnostics writes a result for each diagnostic, with its
// fingerprint as a partial fingerprint.
func (s *SARIF) FingerprintedDiagnostics(ds []analysis.Diagnostic, fingerprints []string) error {
	for i, d := range ds {
		res := s.result(d)
		if i < len(fingerprints) {
			res.PartialFingerprints = map[string]string{FingerprintKey: fingerprints[i]}
		}
		elem, err := jsonIndent(res, "        ")
		if err != nil {
			return err
		}
		sep := ",\n        "
		if s.n == 0 {
			sep = "\n        "
		}
		s.n++
		if _, err := fmt.Fprintf(s.w, "%s%s", sep, elem); err != nil {
			return err
		}
	}
	return nil
}

// End closes the results, the run and the log.
func (s *SARIF) End(Scope) error {
	closeList := "]"
	if s.n > 0 {
		closeList = "\n      ]"
	}
	_, err := fmt.Fprintf(s.w, "%s\n    }\n  ]\n}\n", closeList)
	return err
}

// result is the SARIF result of one diagnostic.
func (s *SARIF) result(d analysis.Diagnostic) sarifResult {
	loc := sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(d.Path)}}
	if d.Line > 0 {
		loc.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Col}
	}
	res := sarifResult{
		RuleID: d.Rule.ID, RuleIndex: s.index[d.Rule.ID], Level: sarifLevel(d.Severity),
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
	return res
}

// sarifURI turns a path into a relative URI reference with forward slashes.
func sarifURI(p string) string {
	p = filepath.ToSlash(p)
	p = strings.TrimPrefix(p, "./")
	u := url.URL{Path: p}
	return u.EscapedPath()
}
