package markdown

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// deepShapes builds the shapes that make the parser slow, depth levels deep.
var deepShapes = map[string]func(depth int) string{
	"indented items": func(d int) string {
		var b strings.Builder
		for i := range d {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	},
	"tab-indented items": func(d int) string {
		var b strings.Builder
		for i := range d {
			b.WriteString(strings.Repeat("\t", i) + "- x\n")
		}
		return b.String()
	},
	"quotes": func(d int) string {
		var b strings.Builder
		for i := 1; i <= d; i++ {
			b.WriteString(strings.Repeat(">", i) + " x\n")
		}
		return b.String()
	},
	"markers on one line, then continued": func(d int) string {
		return strings.Repeat("- ", d) + "x\n" + strings.Repeat(" ", 2*d) + "continued\n"
	},
	"ordered and quoted": func(d int) string {
		return strings.Repeat("1. > ", d/2+1) + "x\n"
	},
}

func TestCapNestingFindsDeepShapes(t *testing.T) {
	for name, shape := range deepShapes {
		t.Run(name, func(t *testing.T) {
			src := []byte(shape(MaxNesting + 8))
			capped, found := capNesting(src, MaxNesting)
			require.NotNil(t, found)
			assert.Greater(t, found.Depth, MaxNesting)
			assert.Len(t, capped, len(src), "offsets keep their meaning")
			assert.Equal(t, strings.Count(string(src), "\n"), strings.Count(string(capped), "\n"))
			_, again := capNesting(capped, MaxNesting)
			assert.Nil(t, again, "what is handed to the parser is within the limit")
		})
	}
}

func TestCapNestingLeavesOrdinaryMarkdownAlone(t *testing.T) {
	for name, src := range map[string]string{
		"shallow shapes":       deepShapes["indented items"](MaxNesting) + deepShapes["quotes"](MaxNesting),
		"deep code in a fence": "- item\n\n  ```yaml\n" + deepShapes["indented items"](3*MaxNesting) + "  ```\n",
		"a table":              "|" + strings.Repeat("---|", 200) + "\n",
		"a long rule":          strings.Repeat("-", 500) + "\n",
		"indented code":        strings.Repeat(" ", 300) + "x\n",
	} {
		_, found := capNesting([]byte(src), MaxNesting)
		assert.Nil(t, found, name)
	}
}

func TestParseReportsAndSkipsDeepNesting(t *testing.T) {
	src := "# Title\n\n" + deepShapes["indented items"](300) + "\n```go\npackage x\n```\n"
	d := Parse(source.New("SKILL.md", []byte(src)), 0)
	require.NotNil(t, d.TooDeep)
	assert.Equal(t, strings.Index(src, strings.Repeat("  ", MaxNesting)+"- x"), d.TooDeep.Offset)
	require.Len(t, d.CodeBlocks, 1, "content after the deep part is still parsed")
	assert.Equal(t, "package x\n", d.CodeBlocks[0].Content())
}

func BenchmarkCapNesting(b *testing.B) {
	src := []byte(strings.Repeat("Some text with a [link](x.md) and `code`.\n\n- a list item\n  - nested\n> quoted\n", 20000))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		capNesting(src, MaxNesting)
	}
}

func BenchmarkParseTypical(b *testing.B) {
	src := []byte(strings.Repeat("Some text with a [link](x.md) and `code`.\n\n- a list item\n  - nested\n> quoted\n", 20000))
	f := source.New("x.md", src)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Parse(f, 0)
	}
}
