package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif" // holds the SARIF 2.1.0 schema used below
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
	"github.com/skillcheck-dev/skillcheck/lint/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a result with every kind of diagnostic the formats must render:
// positions, whole-file findings, every severity, a fix, and text that needs
// escaping.
func sample() *report.Report {
	// Rules of their own, so that editing the real rules' documentation does
	// not change the golden files.
	mk := func(id, alias string, sev analysis.Severity) *analysis.Rule {
		return &analysis.Rule{ID: id, Alias: alias, Summary: alias + " summary", Severity: sev,
			Doc: "What " + alias + " checks.\n\n**Why.** A reason.\n\n**Fix.** A fix.\n"}
	}
	used := analysis.Set{mk("SK103", "frontmatter-after-bom", analysis.Error), mk("SK107", "yaml-needs-repair", analysis.Warning),
		mk("SK137", "description-no-trigger", analysis.Info), mk("SK208", "file-unreferenced", analysis.Warning)}
	d := func(path string, line, col int, id string, sev analysis.Severity, msg string, fix *analysis.Fix) analysis.Diagnostic {
		return analysis.Diagnostic{Path: path, Line: line, Col: col, Offset: 0, Rule: used.Lookup(id), Severity: sev, Message: msg, Fix: fix}
	}
	return &report.Report{
		ToolName: "skillcheck", ToolVersion: "v1.2.3",
		InfoURI: "https://github.com/skillcheck-dev/skillcheck", RulesURI: "https://github.com/skillcheck-dev/skillcheck/blob/main/docs/rules.md",
		Rules: used,
		Scope: report.Scope{Skills: 3, Plugins: 1},
		Diagnostics: []analysis.Diagnostic{
			d("skills/pdf forms/SKILL.md", 1, 1, "SK103", analysis.Error, "file starts with a byte order mark (U+FEFF)",
				&analysis.Fix{Message: "remove the byte order mark", Edits: []analysis.Edit{{Start: 0, End: 3}}}),
			d("skills/pdf forms/SKILL.md", 3, 14, "SK107", analysis.Warning, "value: \"100%\", with a comma: and a colon",
				&analysis.Fix{Message: "quote the value", Edits: []analysis.Edit{{Start: 30, End: 40, New: `"a: b"`}}}),
			d("skills/pdf forms/assets/logo.png", 0, 0, "SK208", analysis.Warning, "nothing refers to assets/logo.png", nil),
			d("skills/über/SKILL.md", 2, 7, "SK137", analysis.Info, "description says what but not when", nil),
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	path := filepath.Join("..", "..", "testdata", "report", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test ./lint/report -update to accept")
}

func TestFormatsMatchGoldenFiles(t *testing.T) {
	for name, w := range report.Formats {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, w(&buf, sample()))
			golden(t, "golden."+name, buf.Bytes())
		})
	}
}

func TestJSONIsValidAndVersioned(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.JSON(&buf, sample()))
	var doc struct {
		Version     int
		Diagnostics []map[string]any
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, report.JSONVersion, doc.Version)
	assert.Len(t, doc.Diagnostics, 4)
	assert.NotContains(t, doc.Diagnostics[2], "line", "whole-file findings have no line")
}

// TestSARIFValidatesAgainstTheSchema checks the SARIF output against the
// OASIS SARIF 2.1.0 schema (errata01) shipped in github.com/owenrumney/go-sarif.
func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	schema := sarifSchema(t)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("sarif.json", schema))
	sch, err := c.Compile("sarif.json")
	require.NoError(t, err)

	for _, rep := range []*report.Report{sample(), {ToolName: "skillcheck", Rules: checks.All()}} {
		var buf bytes.Buffer
		require.NoError(t, report.SARIF(&buf, rep))
		doc, err := jsonschema.UnmarshalJSON(&buf)
		require.NoError(t, err)
		assert.NoError(t, sch.Validate(doc))
	}
}

// sarifSchema reads the schema constant from go-sarif's source.
func sarifSchema(t *testing.T) any {
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif").Output()
	require.NoError(t, err)
	file := filepath.Join(strings.TrimSpace(string(out)), "schema.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	var text string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "schema" {
			lit := vs.Values[0].(*ast.BasicLit)
			text, err = strconv.Unquote(lit.Value)
			require.NoError(t, err)
		}
		return true
	})
	require.Contains(t, text, "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema")
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	require.NoError(t, err)
	return doc
}

func TestSummary(t *testing.T) {
	assert.Equal(t, "no problems in 0 skills", report.Summary(&report.Report{}))
	assert.Equal(t, "1 error, 2 warnings, 1 info in 3 skills, 1 plugin", report.Summary(sample()))
}

// TestHostileTextIsEscaped renders a diagnostic whose path and message carry
// terminal escapes, a newline that would forge a diagnostic line and a C1
// control, in every format: none reaches the output raw, and each record
// stays on its line.
func TestHostileTextIsEscaped(t *testing.T) {
	r := sample()
	hostile := r.Diagnostics[3]
	hostile.Path = "skills/evil\x1b[2J/SKILL.md"
	hostile.Message = "name \x1b]0;pwned\x07\nskills/a/SKILL.md:1:1: error: forged (SK000 x)\u009b31m"
	r.Diagnostics = []analysis.Diagnostic{hostile}
	for _, name := range report.Names() {
		var out bytes.Buffer
		require.NoError(t, report.Formats[name](&out, r), name)
		for _, b := range []string{"\x1b", "\x07", "\u009b"} {
			assert.NotContains(t, out.String(), b, "%s output holds %q raw", name, b)
		}
		if name == "text" || name == "github" {
			assert.Equal(t, 2, strings.Count(out.String(), "\n"), "%s: one line for the diagnostic, one for the summary:\n%s", name, out.String())
		}
	}
}
