package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
// positions, whole-file findings, every severity, fixes, a message too long
// for one line, and text that needs escaping.
func sample() *report.Report {
	// Rules of their own, so that editing the real rules' documentation does
	// not change the golden files.
	mk := func(id, alias string, sev analysis.Severity) *analysis.Rule {
		return &analysis.Rule{ID: id, Alias: alias, Summary: alias + " summary", Severity: sev,
			Doc: "What " + alias + " checks.\n\n**Why.** A reason.\n\n**Fix.** A fix.\n"}
	}
	used := analysis.Set{mk("SK103", "frontmatter-after-bom", analysis.Error), mk("SK107", "yaml-needs-repair", analysis.Warning),
		mk("SK137", "description-no-trigger", analysis.Info), mk("SK208", "file-unreferenced", analysis.Warning),
		mk("SK710", "tools-overbroad", analysis.Error)}
	d := func(path string, line, col int, id string, sev analysis.Severity, msg string, fix *analysis.Fix) analysis.Diagnostic {
		return analysis.Diagnostic{Path: path, Line: line, Col: col, Offset: 0, Rule: used.Lookup(id), Severity: sev, Message: msg, Fix: fix}
	}
	return &report.Report{
		Meta: report.Meta{
			ToolName: "skillcheck", ToolVersion: "v1.2.3",
			InfoURI: "https://github.com/skillcheck-dev/skillcheck", RulesURI: "https://github.com/skillcheck-dev/skillcheck/blob/main/docs/rules.md",
			Rules: used,
		},
		Scope: report.Scope{Skills: 3, Plugins: 1},
		Diagnostics: []analysis.Diagnostic{
			d("skills/pdf forms/SKILL.md", 1, 1, "SK103", analysis.Error, "file starts with a byte order mark (U+FEFF)",
				&analysis.Fix{Message: "remove the byte order mark", Edits: []analysis.Edit{{Start: 0, End: 3}}}),
			d("skills/pdf forms/SKILL.md", 3, 14, "SK107", analysis.Warning, "value: \"100%\", with a comma: and a colon",
				&analysis.Fix{Message: "quote the value", Edits: []analysis.Edit{{Start: 30, End: 40, New: `"a: b"`}}}),
			d("skills/pdf forms/SKILL.md", 4, 16, "SK710", analysis.Error, `allowed-tools entry "Bash(curl *)" pre-approves "curl" with any arguments, `+
				`which sends any data to any host, and Claude can invoke this skill on its own (no disable-model-invocation: true): `+
				`anything that steers Claude while the skill is active runs it without asking; narrow it to the fixed host and `+
				`arguments the skill needs, e.g. Bash(curl -s https://api.example.com/status)`, nil),
			d("skills/pdf forms/assets/logo.png", 0, 0, "SK208", analysis.Warning, "nothing refers to assets/logo.png", nil),
			d("skills/über/SKILL.md", 2, 9, "SK137", analysis.Info, "description says what but not when", nil),
		},
	}
}

// sampleSource is the source of the files sample points into.
func sampleSource(path string, n int) (string, bool) {
	files := map[string][]string{
		"skills/pdf forms/SKILL.md": {"---", "name: pdf-forms", "description: Fills forms: fast", "allowed-tools: Bash(curl *)"},
		"skills/über/SKILL.md":      {"---", "\tname: 表 über"},
	}
	lines := files[path]
	if n < 1 || n > len(lines) {
		return "", false
	}
	return lines[n-1], true
}

// richOptions are the options of a terminal 100 columns wide.
func richOptions(color bool) report.TextOptions {
	return report.TextOptions{Rich: true, Color: color, Width: 100, Source: sampleSource}
}

// printers makes every printer under test: each format, and the text
// format's rich form without and with colour.
func printers() map[string]func(w *bytes.Buffer, m *report.Meta) report.Printer {
	ps := map[string]func(w *bytes.Buffer, m *report.Meta) report.Printer{
		"text-rich":  func(w *bytes.Buffer, _ *report.Meta) report.Printer { return report.NewText(w, richOptions(false)) },
		"text-color": func(w *bytes.Buffer, _ *report.Meta) report.Printer { return report.NewText(w, richOptions(true)) },
	}
	for name, f := range report.Formats {
		ps[name] = func(w *bytes.Buffer, m *report.Meta) report.Printer { return f(w, m) }
	}
	return ps
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
	for name, newPrinter := range printers() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			r := sample()
			require.NoError(t, report.Write(newPrinter(&buf, &r.Meta), r))
			golden(t, "golden."+name, buf.Bytes())
		})
	}
}

// TestStreamingWritesTheSameAsAllAtOnce feeds the diagnostics one part at a
// time, as a run hands them over skill by skill: every format writes the
// same bytes as when it gets them all at once.
func TestStreamingWritesTheSameAsAllAtOnce(t *testing.T) {
	for name, newPrinter := range printers() {
		t.Run(name, func(t *testing.T) {
			r := sample()
			var whole, parts bytes.Buffer
			require.NoError(t, report.Write(newPrinter(&whole, &r.Meta), r))
			p := newPrinter(&parts, &r.Meta)
			require.NoError(t, p.Begin())
			for _, part := range [][]analysis.Diagnostic{r.Diagnostics[:3], nil, r.Diagnostics[3:4], r.Diagnostics[4:]} {
				require.NoError(t, p.Diagnostics(part))
			}
			require.NoError(t, p.End(r.Scope))
			assert.Equal(t, whole.String(), parts.String())
		})
	}
}

func TestJSONIsValidAndVersioned(t *testing.T) {
	for _, r := range []*report.Report{sample(), {Meta: report.Meta{ToolName: "skillcheck"}}} {
		var buf bytes.Buffer
		require.NoError(t, report.Write(report.NewJSON(&buf, &r.Meta), r))
		var doc struct {
			Version     int
			Diagnostics []map[string]any
			Summary     map[string]int
		}
		require.NoError(t, json.Unmarshal(buf.Bytes(), &doc), buf.String())
		assert.Equal(t, report.JSONVersion, doc.Version)
		require.Len(t, doc.Diagnostics, len(r.Diagnostics))
		assert.NotNil(t, doc.Diagnostics, "an empty list, not null")
		assert.Equal(t, len(r.Diagnostics), doc.Summary["errors"]+doc.Summary["warnings"]+doc.Summary["infos"])
		if len(r.Diagnostics) > 0 {
			assert.NotContains(t, doc.Diagnostics[3], "line", "whole-file findings have no line")
			assert.Equal(t, 2, doc.Summary["fixable"])
		}
	}
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

	for _, rep := range []*report.Report{sample(), {Meta: report.Meta{ToolName: "skillcheck", Rules: checks.All()}}} {
		var buf bytes.Buffer
		require.NoError(t, report.Write(report.NewSARIF(&buf, &rep.Meta), rep))
		doc, err := jsonschema.UnmarshalJSON(&buf)
		require.NoError(t, err)
		assert.NoError(t, sch.Validate(doc))
	}

	// With fingerprints, as the command writes it.
	rep := sample()
	fps := make([]string, len(rep.Diagnostics))
	for i := range fps {
		fps[i] = fmt.Sprintf("%016x:1", i)
	}
	var buf bytes.Buffer
	p := report.NewSARIF(&buf, &rep.Meta).(report.FingerprintPrinter)
	require.NoError(t, p.Begin())
	require.NoError(t, p.FingerprintedDiagnostics(rep.Diagnostics, fps))
	require.NoError(t, p.End(rep.Scope))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.NoError(t, sch.Validate(doc))
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	require.Len(t, log.Runs[0].Results, len(fps))
	for i, r := range log.Runs[0].Results {
		assert.Equal(t, map[string]string{report.FingerprintKey: fps[i]}, r.PartialFingerprints)
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
	assert.Equal(t, "no skills found", report.Summary(&report.Report{}))
	assert.Equal(t, "no problems in 2 skills", report.Summary(&report.Report{Scope: report.Scope{Skills: 2}}))
	assert.Equal(t, "1 error, 2 warnings, 1 info in 3 skills, 1 plugin", report.Summary(&report.Report{Scope: sample().Scope, Diagnostics: []analysis.Diagnostic{
		sample().Diagnostics[0], sample().Diagnostics[1], sample().Diagnostics[3], sample().Diagnostics[4]}}))
	assert.Equal(t, "no problems in 2 skills (40 suppressed by the baseline)", report.Summary(&report.Report{Scope: report.Scope{Skills: 2, Baselined: 40}}))
}

// noSkills is what a run over two folders without skills finds.
func noSkills() *report.Report {
	rule := checks.All().Lookup("SK214") // the rule that reports a path with nothing to lint
	d := func(path string) analysis.Diagnostic {
		return analysis.Diagnostic{Path: path, Offset: -1, Rule: rule, Severity: analysis.Error,
			Message: "no skills found: no SKILL.md found (a skill is a folder holding SKILL.md)"}
	}
	return &report.Report{Meta: report.Meta{ToolName: "skillcheck", Rules: analysis.Set{rule}},
		Diagnostics: []analysis.Diagnostic{d("docs"), d("empty")}}
}

// TestNoSkillsIsSaidOnce: a run that finds no skill says so once per path,
// not "2 errors in 0 skills" after the findings.
func TestNoSkillsIsSaidOnce(t *testing.T) {
	r := noSkills()
	assert.Equal(t, "no skills found under docs, empty", report.Summary(r))
	for name, newPrinter := range printers() {
		var buf bytes.Buffer
		require.NoError(t, report.Write(newPrinter(&buf, &r.Meta), r), name)
		out := buf.String()
		assert.NotContains(t, out, "0 skills", name)
		switch name {
		case "text", "github":
			assert.Equal(t, 1, strings.Count(out, "docs"), "%s:\n%s", name, out)
			assert.Equal(t, 2, strings.Count(out, "\n"), "%s: one line for each path:\n%s", name, out)
		case "text-rich", "text-color":
			assert.Equal(t, 1, strings.Count(out, "\n"), "%s: one line:\n%s", name, out)
		}
	}
	var rich bytes.Buffer
	require.NoError(t, report.Write(report.NewText(&rich, richOptions(false)), r))
	assert.Equal(t, "no skills found under docs, empty\n", rich.String())
}

// TestHostileTextIsEscaped renders a diagnostic whose path, message and
// source line carry terminal escapes, a newline that would forge a
// diagnostic line and a C1 control, in every format: none reaches the output
// raw, and each record stays on its line.
func TestHostileTextIsEscaped(t *testing.T) {
	r := sample()
	hostile := r.Diagnostics[4]
	hostile.Path = "skills/evil\x1b[2J/SKILL.md"
	hostile.Message = "name \x1b]0;pwned\x07\nskills/a/SKILL.md:1:1: error: forged (SK000 x)\u009b31m"
	r.Diagnostics = []analysis.Diagnostic{hostile}
	ps := printers()
	ps["text-rich"] = func(w *bytes.Buffer, _ *report.Meta) report.Printer {
		return report.NewText(w, report.TextOptions{Rich: true, Source: func(string, int) (string, bool) {
			return "name: \x1b[31mred\u202e\u0085\x07", true
		}})
	}
	for name, newPrinter := range ps {
		var out bytes.Buffer
		require.NoError(t, report.Write(newPrinter(&out, &r.Meta), r), name)
		text := out.String()
		if name == "text-color" {
			text = stripSGR(text)
		}
		for _, b := range []string{"\x1b", "\x07", "\u009b", "\u0085", "\u202e"} {
			assert.NotContains(t, text, b, "%s output holds %q raw", name, b)
		}
		if name == "text" || name == "github" {
			assert.Equal(t, 2, strings.Count(text, "\n"), "%s: one line for the diagnostic, one for the summary:\n%s", name, text)
		}
		assert.NotContains(t, text, "\nskills/a/SKILL.md:1:1", name)
	}
}

// stripSGR removes the colour sequences the rich form writes itself.
func stripSGR(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			return b.String() + s
		}
		j := strings.IndexByte(s[i:], 'm')
		if j < 0 || strings.Trim(s[i+2:i+j], "0123456789;") != "" {
			return b.String() + s // not a colour sequence: leave it for the test to find
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
}

// TestPrintersHoldNoDiagnostics feeds every printer a run of 30,000
// findings, ten at a time as skills finish: the heap does not grow with
// them, because a printer writes each one and keeps only counts.
func TestPrintersHoldNoDiagnostics(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 30,000 findings per format")
	}
	r := sample()
	for name, newPrinter := range printers() {
		t.Run(name, func(t *testing.T) {
			var sink bytes.Buffer
			p := newPrinter(&sink, &r.Meta)
			require.NoError(t, p.Begin())
			part := make([]analysis.Diagnostic, 10)
			heap := func() uint64 {
				var m runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m)
				return m.HeapAlloc
			}
			var before uint64
			for i := range 3_000 {
				if i == 500 { // once buffers have grown to their size
					before = heap()
				}
				for j := range part {
					part[j] = r.Diagnostics[(i+j)%len(r.Diagnostics)]
					part[j].Path = fmt.Sprintf("skills/s%05d/SKILL.md", i)
				}
				require.NoError(t, p.Diagnostics(part))
				sink.Reset()
			}
			grown := int64(heap()) - int64(before)
			require.NoError(t, p.End(r.Scope))
			t.Logf("heap grew by %d bytes over 25,000 findings", grown)
			assert.Less(t, grown, int64(256<<10), "a printer holds what it has written")
		})
	}
}

// TestSecretsAreNotShown: the rich form shows no source line for a finding
// of the secret rules, whose message shows the secret redacted.
func TestSecretsAreNotShown(t *testing.T) {
	for _, id := range []string{"SK730", "SK731"} {
		d := analysis.Diagnostic{Path: "skills/x/SKILL.md", Line: 3, Col: 9, Severity: analysis.Error,
			Rule: checks.All().Lookup(id), Message: "GitHub token ghp_…abcd in the file"}
		var out bytes.Buffer
		p := report.NewText(&out, report.TextOptions{Rich: true, Source: func(string, int) (string, bool) {
			return "token: ghp_0123456789abcdefghijklmnopqrstuvwxabcd", true
		}})
		require.NoError(t, report.Write(p, &report.Report{Diagnostics: []analysis.Diagnostic{d}, Scope: report.Scope{Skills: 1}}))
		assert.NotContains(t, out.String(), "ghp_0123456789", id)
		assert.Contains(t, out.String(), "--> skills/x/SKILL.md:3:9", id)
	}
}
