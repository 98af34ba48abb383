package baseline_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/baseline"
)

// finding makes a finding with a consistent fingerprint.
func finding(path, rule, text string, occurrence int) baseline.Finding {
	return baseline.Finding{Path: path, Rule: rule, Text: text, Occurrence: occurrence,
		Fingerprint: baseline.Key{Rule: rule, Path: path, Text: text}.Fingerprint(occurrence), Message: "a <message>"}
}

func TestWriteIsSortedAndReadsBack(t *testing.T) {
	var b baseline.File
	b.Add(finding("skills/z/SKILL.md", "SK101", "", 1))
	b.Add(finding("skills/a/SKILL.md", "SK207", "[x](y.md)", 2))
	b.Add(finding("skills/a/SKILL.md", "SK207", "[x](y.md)", 1))
	b.Add(finding("skills/a/SKILL.md", "SK123", "name: A", 1))
	b.Add(finding("skills/a/SKILL.md", "SK123", "name: A", 1)) // a repeat is recorded once
	require.Equal(t, 4, b.Len())

	path := filepath.Join(t.TempDir(), "baseline.json")
	require.NoError(t, b.Write(path))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(data)
	assert.True(t, strings.HasPrefix(text, "{\n  \"version\": 1,\n  \"findings\": [\n    {\n      \"path\": \"skills/a/SKILL.md\",\n      \"rule\": \"SK123\",\n"), text)
	assert.Contains(t, text, `"message": "a <message>"`, "no HTML escapes")
	order := []int{
		strings.Index(text, `"rule": "SK123"`),
		strings.Index(text, `"occurrence": 1,`+"\n      \"fingerprint\": \""+finding("skills/a/SKILL.md", "SK207", "[x](y.md)", 1).Fingerprint),
		strings.Index(text, finding("skills/a/SKILL.md", "SK207", "[x](y.md)", 2).Fingerprint),
		strings.Index(text, `"path": "skills/z/SKILL.md"`),
	}
	for i := 1; i < len(order); i++ {
		assert.Less(t, order[i-1], order[i], "sorted by path, rule, text, occurrence")
	}

	read, err := baseline.Read(path)
	require.NoError(t, err)
	assert.Equal(t, 4, read.Len())
	assert.Equal(t, data, read.Marshal(), "reading and writing again changes nothing")
}

func TestMatchCountsWhatNoLongerOccurs(t *testing.T) {
	var b baseline.File
	kept, fixed := finding("a/SKILL.md", "SK101", "", 1), finding("a/SKILL.md", "SK207", "[x](y.md)", 1)
	b.Add(kept)
	b.Add(fixed)
	assert.True(t, b.Match(kept.Fingerprint))
	assert.False(t, b.Match(finding("a/SKILL.md", "SK207", "[x](y.md)", 2).Fingerprint))
	assert.Equal(t, 1, b.Unmatched())
}

func TestEmptyBaseline(t *testing.T) {
	var b baseline.File
	assert.Equal(t, "{\n  \"version\": 1,\n  \"findings\": []\n}\n", string(b.Marshal()))
	read, err := baseline.Parse("b.json", b.Marshal())
	require.NoError(t, err)
	assert.Zero(t, read.Len())
}

func TestMalformedBaselinesAreErrorsWithPositions(t *testing.T) {
	good := finding("a/SKILL.md", "SK101", "", 1)
	entry := `{"path": "a/SKILL.md", "rule": "SK101", "text": "", "occurrence": 1, "fingerprint": "` + good.Fingerprint + `", "message": ""}`
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"empty", ``, `b.json:1:1: baseline: invalid JSON: unexpected end of file`},
		{"not an object", `[1]`, `b.json:1:1: baseline: want a JSON object, not an array`},
		{"syntax", "{\n  \"version\": 1,\n  \"findings\": [}\n", `b.json:3:16: baseline: invalid JSON: invalid character '}' looking for beginning of value`},
		{"stray comma", "{\n  \"version\": 1,\n  \"findings\": [,]\n}\n", `b.json:3:16: baseline: invalid JSON: invalid character ',' looking for beginning of value`},
		{"no version", `{"findings": []}`, `b.json:1:1: baseline: no version: not a skillcheck baseline`},
		{"newer version", "{\n\"version\": 2, \"findings\": []}", `b.json:2:12: baseline: version 2 is not one this skillcheck reads (1)`},
		{"version not a number", `{"version": "1", "findings": []}`, `b.json:1:13: baseline: version: want a whole number`},
		{"unknown key", `{"version": 1, "findings": [], "extra": 1}`, `b.json:1:32: baseline: unknown key "extra"`},
		{"no findings", `{"version": 1}`, `b.json:1:1: baseline: no findings list`},
		{"findings not a list", `{"version": 1, "findings": {}}`, `b.json:1:28: baseline: findings: want a JSON array, not an object`},
		{"trailing data", `{"version": 1, "findings": []} x`, `b.json:1:32: baseline: unexpected data after the top-level value`},
		{"unknown field", "{\"version\": 1, \"findings\": [\n  {\"path\": \"a\", \"colour\": 1}]}", `b.json:2:17: baseline: unknown field "colour" in a finding`},
		{"wrong type", "{\"version\": 1, \"findings\": [\n  {\"path\": \"a\", \"occurrence\": \"1\"}]}", `b.json:2:31: baseline: occurrence: want a whole number`},
		{"text not a string", `{"version": 1, "findings": [{"path": "a", "text": 3}]}`, `b.json:1:51: baseline: text: want a string, not a number`},
		{"finding not an object", `{"version": 1, "findings": [3]}`, `b.json:1:29: baseline: a finding is a JSON object, not a number`},
		{"missing rule", `{"version": 1, "findings": [{"path": "a", "fingerprint": "x", "occurrence": 1}]}`, `b.json:1:29: baseline: a finding needs path, rule and fingerprint`},
		{"occurrence 0", `{"version": 1, "findings": [{"path": "a", "rule": "SK101", "fingerprint": "x"}]}`, `b.json:1:29: baseline: occurrence 0: want 1 or more`},
		{"edited by hand", `{"version": 1, "findings": [` + strings.Replace(entry, "SK101", "SK102", 1) + `]}`, `b.json:1:29: baseline: fingerprint ` + good.Fingerprint + ` does not match`},
		{"twice", "{\"version\": 1, \"findings\": [\n" + entry + ",\n" + entry + "]}", `b.json:3:1: baseline: finding ` + good.Fingerprint + ` is recorded twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := baseline.Parse("b.json", []byte(tc.doc))
			var be *baseline.Error
			require.True(t, errors.As(err, &be), "%v", err)
			assert.True(t, strings.HasPrefix(err.Error(), tc.want), "got  %s\nwant %s", err, tc.want)
		})
	}
}

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	_, err := baseline.Read(t.TempDir())
	assert.Error(t, err)
	_, err = baseline.Read(filepath.Join(t.TempDir(), "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func FuzzParse(f *testing.F) {
	var b baseline.File
	b.Add(finding("skills/a/SKILL.md", "SK207", "[x](y.md)", 1))
	f.Add(b.Marshal())
	f.Add([]byte(`{"version": 1, "findings": [{"path": "a"}]}`))
	f.Add([]byte(`{"version": 1, "findings": [}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		read, err := baseline.Parse("f.json", data)
		if err != nil {
			var be *baseline.Error
			if !errors.As(err, &be) {
				t.Fatalf("not a *baseline.Error: %v", err)
			}
			return
		}
		again, err := baseline.Parse("f.json", read.Marshal())
		if err != nil || again.Len() != read.Len() {
			t.Fatalf("a baseline read does not read back: %v", err)
		}
	})
}
