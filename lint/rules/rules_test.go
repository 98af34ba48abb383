package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRuleSetIsValid(t *testing.T) {
	require.NoError(t, All().Validate())
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].ID, all[i].ID, "rules are kept in ID order")
	}
}

func TestResolveLink(t *testing.T) {
	for _, tc := range []struct {
		rel, dest string
		want      localLink
	}{
		{"", "guide.md", localLink{kind: linkLocal, target: "guide.md"}},
		{"", "./a/../b.md#part", localLink{kind: linkLocal, target: "b.md"}},
		{"docs/a.md", "b.md?x=1", localLink{kind: linkLocal, target: "docs/b.md"}},
		{"docs/a.md", "../SKILL.md", localLink{kind: linkLocal, target: "SKILL.md"}},
		{"docs/a.md", "${CLAUDE_SKILL_DIR}/scripts/run.sh", localLink{kind: linkLocal, target: "scripts/run.sh"}},
		{"", "img/chart%20one.png", localLink{kind: linkLocal, target: "img/chart one.png"}},
		{"", `docs\guide.md`, localLink{kind: linkLocal, target: "docs/guide.md", backslash: true}},
		{"", "../x.md", localLink{kind: linkOutside, target: "../x.md"}},
		{"", "/etc/passwd", localLink{kind: linkOutside, target: "/etc/passwd"}},
		{"", `C:\x.md`, localLink{kind: linkOutside, target: "C:/x.md", backslash: true}},
		{"", "https://example.com/a.md", localLink{kind: linkSkip}},
		{"", "mailto:a@b.c", localLink{kind: linkSkip}},
		{"", "#section", localLink{kind: linkSkip}},
		{"", "//cdn.example.com/x.js", localLink{kind: linkSkip}},
		{"", "<name>.md", localLink{kind: linkSkip}},
		{"", "{file}", localLink{kind: linkSkip}},
		{"", "", localLink{kind: linkSkip}},
	} {
		assert.Equal(t, tc.want, resolveLink(tc.rel, tc.dest), "%s from %q", tc.dest, tc.rel)
	}
}

func TestSplitTools(t *testing.T) {
	parts, commas := splitTools("Read, Bash(git diff *) Grep,Bash(npm run test:*)")
	assert.True(t, commas)
	var texts []string
	for _, p := range parts {
		texts = append(texts, p.text)
	}
	assert.Equal(t, []string{"Read", "Bash(git diff *)", "Grep", "Bash(npm run test:*)"}, texts)
	assert.Equal(t, 6, parts[1].off)
}

func TestBashPatterns(t *testing.T) {
	allowed := []string{"git status:*", "npm run * --silent", "date"}
	for cmd, want := range map[string]bool{
		"git status":             true,
		"git status --short":     true,
		"git statusx":            false,
		"npm run build --silent": true,
		"npm run build":          false,
		"date":                   true,
		"date -u":                false,
	} {
		assert.Equal(t, want, bashAllowed(allowed, cmd), cmd)
	}
	assert.Equal(t, []string{"git log -1", "head -5", "wc -l"}, splitCommand("git log -1 | head -5 && wc -l"))
	assert.Equal(t, "git log *", suggestPattern("git log -1"))
	assert.Equal(t, "ls *", suggestPattern("ls -la"))
}

func TestClosest(t *testing.T) {
	assert.Equal(t, "allowed-tools", closest("allowed_tools", claudeKeys))
	assert.Equal(t, "allowed-tools", closest("allowedTools", claudeKeys))
	assert.Equal(t, "user-invocable", closest("user-invokable", claudeKeys))
	assert.Equal(t, "", closest("author", claudeKeys))
	assert.Equal(t, "Bash", closest("bash", knownTools))
	assert.Equal(t, "", closest("Task2Foo", knownTools))
	assert.Equal(t, 99, editDistance(string(make([]byte, 100)), "x"), "long words are not compared")
}

func TestLooksLikeModel(t *testing.T) {
	for _, m := range []string{"sonnet", "Opus", "sonnet[1m]", "inherit", "claude-sonnet-4-6", "us.anthropic.claude-opus-4-1:0", "accounts/fireworks/models/x"} {
		assert.True(t, looksLikeModel(m), m)
	}
	for _, m := range []string{"fastest", "gpt 4", ""} {
		assert.False(t, looksLikeModel(m), m)
	}
}
