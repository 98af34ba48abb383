package baseline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/baseline"
	"github.com/skillcheck-dev/skillcheck/lint/report"
)

var (
	nameRule = &analysis.Rule{ID: "SK123", Alias: "name-format"}
	linkRule = &analysis.Rule{ID: "SK207", Alias: "link-broken"}
	longRule = &analysis.Rule{ID: "SK201", Alias: "body-too-long", FileScope: true}
)

// pack writes SKILL.md with the given lines under a fresh root and returns
// the root and the file's path.
func pack(t *testing.T, root string, lines ...string) string {
	t.Helper()
	path := filepath.Join(root, "skills", "pdf", "SKILL.md")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	return path
}

// fingerprints fingerprints diagnostics at the given lines of path, all of
// rule r, as one run does.
func fingerprints(t *testing.T, root, path string, r *analysis.Rule, lines ...int) []baseline.Finding {
	t.Helper()
	abs, err := baseline.Root([]string{root})
	require.NoError(t, err)
	fp := baseline.NewFingerprinter(abs, report.FileSource(1<<20))
	var out []baseline.Finding
	for _, n := range lines {
		out = append(out, fp.Finding(analysis.Diagnostic{Path: path, Line: n, Col: 1, Rule: r, Message: "m"}))
	}
	return out
}

func TestFindingNamesRuleRelativePathAndText(t *testing.T) {
	root := t.TempDir()
	path := pack(t, root, "---", "name: PDF  Forms", "---")
	f := fingerprints(t, root, path, nameRule, 2)[0]
	assert.Equal(t, "SK123", f.Rule)
	assert.Equal(t, "skills/pdf/SKILL.md", f.Path)
	assert.Equal(t, "name: PDF Forms", f.Text)
	assert.Equal(t, 1, f.Occurrence)
	assert.Regexp(t, `^[0-9a-f]{16}:1$`, f.Fingerprint)
}

func TestFingerprintSurvivesLineMovesAndWhitespace(t *testing.T) {
	before := t.TempDir()
	a := fingerprints(t, before, pack(t, before, "---", "name: PDF Forms", "---", "", "See [x](missing.md)."), nameRule, 2)[0]

	after := t.TempDir()
	moved := pack(t, after, "---", "description: Fills forms.", "", "   name:\tPDF   Forms  ", "---")
	b := fingerprints(t, after, moved, nameRule, 4)[0]
	assert.Equal(t, a.Fingerprint, b.Fingerprint, "lines added above and white space changed")

	edited := pack(t, after, "---", "name: PDF Form", "---")
	c := fingerprints(t, after, edited, nameRule, 2)[0]
	assert.NotEqual(t, a.Fingerprint, c.Fingerprint, "the line's text changed")

	other := fingerprints(t, before, filepath.Join(before, "skills", "pdf", "SKILL.md"), linkRule, 2)[0]
	assert.NotEqual(t, a.Fingerprint, other.Fingerprint, "another rule on the same line")
}

func TestIdenticalLinesAreToldApartByOccurrence(t *testing.T) {
	root := t.TempDir()
	path := pack(t, root, "[a](gone.md)", "text", "[a](gone.md)")
	fs := fingerprints(t, root, path, linkRule, 1, 3)
	assert.Equal(t, 1, fs[0].Occurrence)
	assert.Equal(t, 2, fs[1].Occurrence)
	assert.NotEqual(t, fs[0].Fingerprint, fs[1].Fingerprint)

	// Moved down together, they keep their fingerprints in order.
	moved := pack(t, root, "# Title", "", "[a](gone.md)", "more text", "", "  [a](gone.md)")
	again := fingerprints(t, root, moved, linkRule, 3, 6)
	assert.Equal(t, fs[0].Fingerprint, again[0].Fingerprint)
	assert.Equal(t, fs[1].Fingerprint, again[1].Fingerprint)
}

func TestFileScopeRulesIgnoreTheLineTheyPointAt(t *testing.T) {
	root := t.TempDir()
	a := fingerprints(t, root, pack(t, root, "one", "two", "three"), longRule, 2)[0]
	b := fingerprints(t, root, pack(t, root, "zero", "one", "two", "three"), longRule, 2)[0]
	assert.Empty(t, a.Text)
	assert.Equal(t, a.Fingerprint, b.Fingerprint)
}

func TestWholeFileFindingsHaveNoText(t *testing.T) {
	root := t.TempDir()
	path := pack(t, root, "no frontmatter")
	abs, err := baseline.Root([]string{root})
	require.NoError(t, err)
	f := baseline.NewFingerprinter(abs, report.FileSource(1<<20)).Finding(analysis.Diagnostic{Path: path, Offset: -1, Rule: nameRule})
	assert.Empty(t, f.Text)
	assert.Equal(t, baseline.Key{Rule: "SK123", Path: "skills/pdf/SKILL.md"}.Fingerprint(1), f.Fingerprint)
}

func TestRootIsTheDeepestCommonFolder(t *testing.T) {
	root := t.TempDir()
	path := pack(t, root, "x")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "skills", "docx"), 0o755))

	got, err := baseline.Root([]string{filepath.Join(root, "skills", "pdf"), filepath.Join(root, "skills", "docx")})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "skills"), got)

	got, err = baseline.Root([]string{path})
	require.NoError(t, err)
	assert.Equal(t, filepath.Dir(path), got, "a file stands for its folder")

	wd, err := os.Getwd()
	require.NoError(t, err)
	got, err = baseline.Root(nil)
	require.NoError(t, err)
	assert.Equal(t, wd, got)
}

func TestNormalize(t *testing.T) {
	assert.Equal(t, "a b c", baseline.Normalize(" \ta  b\r\n c  "))
	assert.Equal(t, "bad \uFFFD byte", baseline.Normalize("bad \xff byte"))
	long := baseline.Normalize(strings.Repeat("é", 500))
	assert.Equal(t, 120, len([]rune(long)))
}
