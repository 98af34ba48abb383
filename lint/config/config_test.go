package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/config"
)

// testRules is a small rule set for resolving names.
var testRules = analysis.Set{
	{ID: "SK101", Alias: "frontmatter-missing"},
	{ID: "SK208", Alias: "file-unreferenced"},
	{ID: "SK209", Alias: "fence-unclosed"},
}

func TestParseEverySetting(t *testing.T) {
	c, err := config.Parse("team/.skillcheck.yaml", []byte(`
profile: portable
fail-on: warning
max-file-size: 2MiB
skill-timeout: 30s
rules:
  SK2xx: warning
  frontmatter-missing: off
  SK208: error
exclude:
  - drafts/**
`), testRules)
	require.NoError(t, err)
	assert.Equal(t, analysis.Portable, c.Profile)
	assert.Equal(t, analysis.FailOnWarning, c.FailOn)
	assert.Equal(t, int64(2<<20), c.MaxFileSize)
	assert.Equal(t, 30*time.Second, c.SkillTimeout)
	assert.Equal(t, []string{"drafts/**"}, c.Exclude)
	assert.Equal(t, analysis.Off, c.Severity(testRules[0]))
	assert.Equal(t, analysis.Error, c.Severity(testRules[1]), "later entries win")
	assert.Equal(t, analysis.Warning, c.Severity(testRules[2]))
}

func TestEmptyFileIsTheDefaults(t *testing.T) {
	c, err := config.Parse(".skillcheck.yaml", nil, testRules)
	require.NoError(t, err)
	assert.Equal(t, analysis.ClaudeCode, c.Profile)
	assert.Equal(t, analysis.FailOnError, c.FailOn)
	assert.Equal(t, config.DefaultSkillTimeout, c.SkillTimeout)
}

// TestErrorsNameTheirLine checks that every kind of mistake is reported at
// the line of the key or value at fault.
func TestErrorsNameTheirLine(t *testing.T) {
	for src, want := range map[string]string{
		"profile: portable\nprofil: x\n":         `c.yaml:2: unknown setting "profil" (want code, exclude, fail-on, max-file-size, profile, rules, security, skill-timeout)`,
		"fail-on: sometimes\n":                   `c.yaml:1: fail-on: unknown fail-on "sometimes" (want error, warning or never)`,
		"\n\nprofile: everywhere\n":              `c.yaml:3: profile: unknown profile "everywhere" (want claude-code or portable)`,
		"max-file-size: huge\n":                  `c.yaml:1: max-file-size: "huge" is not a size such as 4MiB`,
		"skill-timeout: -1s\n":                   `c.yaml:1: skill-timeout: want a duration such as 10s, or 0 for none, not "-1s"`,
		"rules:\n  SK208: off\n  SK777: error\n": `c.yaml:3: rules: unknown rule "SK777"`,
		"rules:\n  SK208: loud\n":                `c.yaml:2: rules: SK208: unknown severity "loud" (want off, info, warning or error)`,
		"rules:\n  SK208: [error]\n":             `c.yaml:2: rules: SK208: want off, info, warning or error`,
		"rules: [SK208]\n":                       `c.yaml:1: rules: must map rule IDs, aliases or blocks to off, info, warning or error`,
		"exclude:\n  - 'a[b'\n":                  `c.yaml:2: exclude: "a[b" is not a valid glob pattern`,
		"- a list\n":                             `c.yaml:1: the configuration must be a mapping of settings (profile, fail-on, rules, …)`,
		"profile: portable\n  bad: indent\n":     `c.yaml:2: mapping values are not allowed in this context`,
	} {
		_, err := config.Parse("c.yaml", []byte(src), testRules)
		var cfgErr *config.Error
		require.True(t, errors.As(err, &cfgErr), "%q: %v", src, err)
		assert.Equal(t, want, err.Error(), "%q", src)
	}
}

func TestParseOverride(t *testing.T) {
	o, err := config.ParseOverride("SK2xx", "warn", testRules)
	require.NoError(t, err)
	assert.Equal(t, analysis.Warning, o.Severity)
	assert.Len(t, o.Rules, 2)
	_, err = config.ParseOverride("all", "never", testRules)
	assert.EqualError(t, err, `all: unknown severity "never" (want off, info, warning or error)`)
	_, err = config.ParseOverride("SK3xx", "off", testRules)
	assert.EqualError(t, err, "no rules in block SK3xx")
}

func TestFindLooksUpward(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "a", "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "a", config.FileName), []byte("profile: portable\n"), 0o644))
	found, err := config.Find(filepath.Join(root, "a", "b"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "a", config.FileName), found)
	found, err = config.Find(root)
	require.NoError(t, err)
	assert.Equal(t, "", found)
}

func TestExcluded(t *testing.T) {
	c, err := config.Parse(filepath.Join(t.TempDir(), config.FileName), []byte("exclude: [drafts/**, '*.tmp']\n"), testRules)
	require.NoError(t, err)
	assert.True(t, c.Excluded(filepath.Join(c.Dir, "drafts", "x", "SKILL.md")))
	assert.True(t, c.Excluded(filepath.Join(c.Dir, "a.tmp")))
	assert.False(t, c.Excluded(filepath.Join(c.Dir, "skills", "x", "SKILL.md")))
	assert.False(t, c.Excluded(filepath.Join(c.Dir, "..", "drafts", "x")), "outside the configuration's folder")
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"4194304": 4 << 20, "512KiB": 512 << 10, "4MB": 4 << 20, "1 GiB": 1 << 30} {
		n, err := config.ParseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, n, in)
	}
	for _, in := range []string{"", "0", "-1MiB", "4TB", "99999999999999999999GiB"} {
		_, err := config.ParseSize(in)
		assert.Error(t, err, in)
	}
}

func TestCodeAndSecurityModes(t *testing.T) {
	rules := append(analysis.Set{{ID: "SK710", Alias: "tools-overbroad", Severity: analysis.Warning}}, testRules...)
	c, err := config.Parse("c.yaml", []byte("code: strict\nsecurity: strict\nrules:\n  SK710: info\n"), rules)
	require.NoError(t, err)
	assert.True(t, c.StrictCode)
	assert.Equal(t, analysis.Info, c.Severity(rules[0]), "rules written after security: strict win")
	c, err = config.Parse("c.yaml", []byte("security: strict\n"), rules)
	require.NoError(t, err)
	assert.Equal(t, analysis.Error, c.Severity(rules[0]))
	_, err = config.Parse("c.yaml", []byte("code: loose\n"), rules)
	assert.EqualError(t, err, `c.yaml:1: code: want strict (every block must compile or parse) or examples (the default), not "loose"`)
}
