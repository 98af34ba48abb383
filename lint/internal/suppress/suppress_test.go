package suppress

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

var (
	sk203 = &analysis.Rule{ID: "SK203", Alias: "link-broken"}
	sk208 = &analysis.Rule{ID: "SK208", Alias: "file-unreferenced"}
	sk301 = &analysis.Rule{ID: "SK301", Alias: "go-type-error"}
	rules = analysis.Set{sk203, sk208, sk301}
)

func read(t *testing.T, path, src string) (*Set, *source.File) {
	t.Helper()
	f := source.New(path, []byte(src))
	var s Set
	s.Read(markdown.Parse(f, 0), 0, 0, rules)
	return &s, f
}

func diag(r *analysis.Rule, path string, line int) analysis.Diagnostic {
	return analysis.Diagnostic{Rule: r, Path: path, Line: line, Col: 1}
}

func TestDirectivesCoverWhatTheySay(t *testing.T) {
	s, _ := read(t, "skills/x/SKILL.md", `# x
<!-- skillcheck-disable-next-line SK203 -- the file is generated -->
[a](missing.md)
[b](missing.md)
<!-- skillcheck-disable SK3xx -- legacy examples -->
line 6
<!-- skillcheck-enable SK3xx -->
line 8
<!-- skillcheck-disable-next-line go-type-error -- the block is a sketch -->
`+"```go\npackage x\n\nvar y = z\n```\n"+`<!-- skillcheck-disable-file SK208 -- assets stay -->
`)
	require.Empty(t, s.Problems)
	require.Len(t, s.Directives, 4)
	assert.True(t, s.Suppressed(diag(sk203, "skills/x/SKILL.md", 3)))
	assert.False(t, s.Suppressed(diag(sk203, "skills/x/SKILL.md", 4)), "only the next line")
	assert.True(t, s.Suppressed(diag(sk301, "skills/x/SKILL.md", 6)))
	assert.False(t, s.Suppressed(diag(sk301, "skills/x/SKILL.md", 8)), "after the enable")
	assert.True(t, s.Suppressed(diag(sk301, "skills/x/SKILL.md", 13)), "next-line covers the whole code block")
	assert.True(t, s.Suppressed(analysis.Diagnostic{Rule: sk208, Path: "skills/x/logo.png"}), "a file-wide directive in SKILL.md covers the skill's files")
	assert.False(t, s.Suppressed(diag(sk208, "skills/y/SKILL.md", 1)), "not another skill's")
	for _, d := range s.Directives {
		assert.True(t, d.Used(), "%v used", d.Names)
	}
}

func TestMalformedDirectives(t *testing.T) {
	s, f := read(t, "SKILL.md", `<!-- skillcheck-disable-next-line SK203 -->
<!-- skillcheck-disable-next-line -- no rule -->
<!-- skillcheck-disable-next-line SK999 -- unknown -->
<!-- skillcheck-ignore SK203 -- unknown word -->
<!-- skillcheck-enable SK208 -->
<!-- an ordinary comment -->
`)
	assert.Empty(t, s.Directives)
	var got []string
	for _, p := range s.Problems {
		pos := f.Position(p.Offset)
		got = append(got, fmt.Sprintf("%d:%d %s", pos.Line, pos.Col, p.Message))
	}
	assert.Equal(t, []string{
		`1:1 skillcheck-disable-next-line SK203 has no reason: add " -- why the finding does not apply"`,
		"2:1 skillcheck-disable-next-line names no rule: give rule IDs, aliases or blocks (e.g. SK301)",
		`3:1 skillcheck-disable-next-line: unknown rule "SK999"`,
		`4:1 unknown directive "skillcheck-ignore": use skillcheck-disable-next-line, skillcheck-disable, skillcheck-enable or skillcheck-disable-file`,
		"5:1 skillcheck-enable SK208 has no skillcheck-disable before it",
	}, got)
}

func TestYAMLCommentDirectives(t *testing.T) {
	src := "---\n# skillcheck-disable-next-line SK203 -- read by our build\nname: x\n---\nbody\n"
	f := source.New("SKILL.md", []byte(src))
	bodyStart := len(src) - len("body\n")
	var s Set
	s.Read(markdown.Parse(f, bodyStart), 0, bodyStart, rules)
	require.Len(t, s.Directives, 1)
	assert.True(t, s.Suppressed(diag(sk203, "SKILL.md", 3)))
	assert.True(t, s.Directives[0].Used())
}
