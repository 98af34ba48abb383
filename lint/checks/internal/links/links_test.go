package links

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResolveLink(t *testing.T) {
	for _, tc := range []struct {
		rel, dest string
		want      Target
	}{
		{"", "guide.md", Target{Kind: Inside, Path: "guide.md"}},
		{"", "./a/../b.md#part", Target{Kind: Inside, Path: "b.md"}},
		{"docs/a.md", "b.md?x=1", Target{Kind: Inside, Path: "docs/b.md"}},
		{"docs/a.md", "../SKILL.md", Target{Kind: Inside, Path: "SKILL.md"}},
		{"docs/a.md", "${CLAUDE_SKILL_DIR}/scripts/run.sh", Target{Kind: Inside, Path: "scripts/run.sh"}},
		{"", "img/chart%20one.png", Target{Kind: Inside, Path: "img/chart one.png"}},
		{"", `docs\guide.md`, Target{Kind: Inside, Path: "docs/guide.md", Backslash: true}},
		{"", "../x.md", Target{Kind: Outside, Path: "../x.md"}},
		{"", "/etc/passwd", Target{Kind: Outside, Path: "/etc/passwd"}},
		{"", `C:\x.md`, Target{Kind: Outside, Path: "C:/x.md", Backslash: true}},
		{"", "https://example.com/a.md", Target{Kind: Skip}},
		{"", "mailto:a@b.c", Target{Kind: Skip}},
		{"", "#section", Target{Kind: Skip}},
		{"", "//cdn.example.com/x.js", Target{Kind: Skip}},
		{"", "<name>.md", Target{Kind: Skip}},
		{"", "{file}", Target{Kind: Skip}},
		{"", "", Target{Kind: Skip}},
		{"", "url", Target{Kind: Skip}},
		{"", "Link", Target{Kind: Skip}},
		{"", "screenshots/issue-NNN-before.png", Target{Kind: Skip}},
		{"", "adr/ADR-XXXX.md", Target{Kind: Skip}},
		{"", "NNNx.md", Target{Kind: Inside, Path: "NNNx.md"}},
		{"", "urls.md", Target{Kind: Inside, Path: "urls.md"}},
	} {
		assert.Equal(t, tc.want, Resolve(tc.rel, tc.dest), "%s from %q", tc.dest, tc.rel)
	}
}

func TestTemplate(t *testing.T) {
	for rel, want := range map[string]bool{
		"templates/report.md":          true,
		"assets/templates/README.md":   true,
		"assets/index_template.md":     true,
		"qa-report-template.md":        true,
		"expected_outputs/sample.md":   true,
		"SKILL.md.tmpl":                true,
		"references/task-templates.md": false,
		"references/guide.md":          false,
	} {
		assert.Equal(t, want, Template(rel), rel)
	}
}

func TestIncidentalTests(t *testing.T) {
	for rel, want := range map[string]bool{
		"test-pressure-1.md":                  true,
		"scripts/test_open_skill.py":          true,
		"scripts/fill_test.go":                true,
		"src/fill.test.ts":                    true,
		"references/test-setup.md":            false,
		"assets/test_report_template.md":      false,
		"assets/test_suite_template.js":       false,
		"assets/test_environment_diagram.png": false,
	} {
		assert.Equal(t, want, Incidental(rel), rel)
	}
}
