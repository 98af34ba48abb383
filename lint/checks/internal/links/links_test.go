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
	} {
		assert.Equal(t, tc.want, Resolve(tc.rel, tc.dest), "%s from %q", tc.dest, tc.rel)
	}
}
