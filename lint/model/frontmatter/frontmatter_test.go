package frontmatter

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

func parse(t *testing.T, text string) (*Header, *source.File) {
	t.Helper()
	f := source.New("SKILL.md", []byte(text))
	return Parse(f), f
}

func pos(f *source.File, off int) source.Pos { return f.Position(off) }

func TestWellFormedHeader(t *testing.T) {
	h, f := parse(t, "---\nname: pdf\ndescription: Reads PDFs. Use when asked.\n---\n# Body\n")
	require.True(t, h.Found)
	require.True(t, h.Closed)
	require.Nil(t, h.Err)
	assert.Nil(t, h.Repair)
	assert.Equal(t, "# Body\n", string(f.Src[h.BodyStart:]))
	require.Len(t, h.Fields, 2)
	assert.Equal(t, "description", h.Fields[1].Key)
	assert.Equal(t, source.Pos{Line: 3, Col: 1}, pos(f, h.NodeOffset(h.Fields[1].KeyN)))
	assert.Equal(t, source.Pos{Line: 3, Col: 14}, pos(f, h.NodeOffset(h.Fields[1].Value)))
	assert.True(t, h.Claude.Found)
	assert.Equal(t, h.End, h.Claude.End, "both readings end at the closing line")
}

func TestCRLFAndTrailingSpacesOnDelimiters(t *testing.T) {
	h, f := parse(t, "--- \r\nname: pdf\r\n---  \r\nbody\r\n")
	require.True(t, h.Closed)
	require.Nil(t, h.Err)
	assert.Equal(t, "body\r\n", string(f.Src[h.BodyStart:]))
	v, ok := String(h.Get("name").Value)
	assert.True(t, ok)
	assert.Equal(t, "pdf", v)
	assert.True(t, h.Claude.Found)
	assert.Equal(t, h.End, h.Claude.End)
}

func TestBOMHidesHeaderFromClaudeCode(t *testing.T) {
	h, f := parse(t, "\uFEFF---\nname: pdf\n---\nbody")
	require.True(t, h.Closed, "the author's reading skips the BOM")
	assert.Equal(t, "pdf", h.Get("name").Value.Value)
	assert.False(t, h.Claude.Found)
	assert.Equal(t, source.Pos{Line: 2, Col: 1}, pos(f, h.NodeOffset(h.Get("name").KeyN)))
}

func TestLeadingBlankLineHidesHeaderFromClaudeCode(t *testing.T) {
	h, f := parse(t, "\n  \n---\nname: pdf\n---\n")
	require.True(t, h.Closed)
	assert.True(t, h.LeadingBlank)
	assert.False(t, h.Claude.Found)
	assert.Equal(t, source.Pos{Line: 3, Col: 1}, pos(f, h.Open))
	assert.Equal(t, source.Pos{Line: 4, Col: 1}, pos(f, h.NodeOffset(h.Get("name").KeyN)))
}

func TestNoHeader(t *testing.T) {
	for _, text := range []string{"", "# Title\n---\nx: y\n---\n", "----\nname: x\n----\n", "\uFEFF"} {
		h, _ := parse(t, text)
		assert.False(t, h.Found, "%q", text)
		assert.Equal(t, 0, h.BodyStart)
	}
}

func TestUnclosedHeader(t *testing.T) {
	h, f := parse(t, "---\nname: pdf\ndescription: x\n")
	assert.True(t, h.Found)
	assert.False(t, h.Closed)
	assert.Equal(t, len(f.Src), h.End)
	assert.Equal(t, 0, h.BodyStart)
	assert.False(t, h.Claude.Found)
}

func TestClaudeCodeCutsAtDashesInsideAValue(t *testing.T) {
	h, f := parse(t, "---\nname: pdf\ndescription: Reads PDFs --- fast. Use when asked.\n---\nbody\n")
	require.True(t, h.Closed)
	require.True(t, h.Claude.Found)
	assert.Less(t, h.Claude.End, h.End)
	assert.Equal(t, source.Pos{Line: 3, Col: 25}, pos(f, h.Claude.End))
	assert.Equal(t, "Reads PDFs --- fast. Use when asked.", h.Get("description").Value.Value)
}

func TestRepairQuotesValuesWithColons(t *testing.T) {
	h, f := parse(t, "---\nname: pdf\ndescription: Reads PDFs. Use when: the user asks\n---\n")
	require.NotNil(t, h.Err, "strict YAML rejects the unquoted colon")
	assert.Equal(t, source.Pos{Line: 3, Col: 1}, pos(f, h.Err.Offset))
	require.Len(t, h.Repair, 1)
	r := h.Repair[0]
	assert.Equal(t, Quoted, r.Kind)
	assert.Equal(t, 3, r.Line)
	assert.Equal(t, "Reads PDFs. Use when: the user asks", string(f.Src[r.ValueStart:r.ValueEnd]))
	assert.Equal(t, `"Reads PDFs. Use when: the user asks"`, r.Replacement)
	require.NotNil(t, h.Root, "the repaired reading is kept")
	assert.Equal(t, "Reads PDFs. Use when: the user asks", h.Get("description").Value.Value)
}

func TestRepairTurnsLeadingTabsIntoSpaces(t *testing.T) {
	h, _ := parse(t, "---\nname: pdf\nmetadata:\n\tauthor: me\n---\n")
	require.NotNil(t, h.Err)
	require.Len(t, h.Repair, 1)
	assert.Equal(t, Untabbed, h.Repair[0].Kind)
	assert.Equal(t, 4, h.Repair[0].Line)
	require.NotNil(t, h.Root)
	assert.Len(t, Pairs(h.Get("metadata").Value), 1)
}

func TestUnrepairableYAML(t *testing.T) {
	h, f := parse(t, "---\nname: pdf\nmetadata:\n  a: b: c\n---\n")
	require.NotNil(t, h.Err)
	assert.Nil(t, h.Root)
	assert.Nil(t, h.Fields)
	assert.Equal(t, source.Pos{Line: 4, Col: 3}, pos(f, h.Err.Offset), "error on the line the parser names")
	assert.NotContains(t, h.Err.Message, "yaml:")
}

func TestHeaderThatIsNotAMapping(t *testing.T) {
	h, f := parse(t, "---\n- name\n- description\n---\n")
	require.NotNil(t, h.Err)
	assert.Contains(t, h.Err.Message, "a list, not a mapping")
	assert.Equal(t, source.Pos{Line: 2, Col: 1}, pos(f, h.Err.Offset))
}

func TestEmptyHeader(t *testing.T) {
	h, _ := parse(t, "---\n---\nbody")
	assert.True(t, h.Closed)
	assert.Nil(t, h.Err)
	assert.Empty(t, h.Fields)
}

func TestAliasBombIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(name + ": &" + name + " [")
		for i := 0; i < 10; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	b.WriteString("---\n")
	h, _ := parse(t, b.String())
	require.NotNil(t, h.Err)
	assert.Contains(t, h.Err.Message, "more than 10000 YAML nodes")
	assert.Nil(t, h.Root)
}

func TestDeepNestingIsBounded(t *testing.T) {
	text := "---\na: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n---\n"
	h, _ := parse(t, text)
	require.NotNil(t, h.Err)
	assert.Contains(t, h.Err.Message, "deeper than 64 levels")
}

func TestDuplicateKeysAreKeptInOrderAndLastWins(t *testing.T) {
	h, _ := parse(t, "---\nname: a\nname: b\n---\n")
	require.Nil(t, h.Err)
	assert.Len(t, h.Fields, 2)
	assert.Equal(t, "b", h.Get("name").Value.Value)
}

func TestValueHelpers(t *testing.T) {
	h, _ := parse(t, "---\ns: text\nn: 12\nb: YES\nq: \"off\"\nl: [a, b]\nz:\n---\n")
	require.Nil(t, h.Err)
	_, ok := String(h.Get("n").Value)
	assert.False(t, ok)
	assert.Equal(t, "a number", KindName(h.Get("n").Value))
	v, ok := Bool(h.Get("b").Value)
	assert.True(t, ok)
	assert.True(t, v)
	v, ok = Bool(h.Get("q").Value)
	assert.True(t, ok)
	assert.False(t, v)
	_, ok = Bool(h.Get("s").Value)
	assert.False(t, ok)
	assert.Len(t, Items(h.Get("l").Value), 2)
	assert.True(t, IsNull(h.Get("z").Value))
	assert.Equal(t, "a list", KindName(h.Get("l").Value))
}

// TestBodyStartMatchesParse checks that BodyStart, which does not decode the
// header, finds the body where Parse does, for closed, unclosed, absent and
// malformed headers.
func TestBodyStartMatchesParse(t *testing.T) {
	for _, text := range []string{
		"---\nname: a\n---\n# Body\n",
		"---\nname: [unclosed\n---\nbody\n",
		"\n\n---\ntitle: x\n---\nbody",
		"---\nname: a\n# never closed\n",
		"# no header\n---\n",
		"\ufeff---\na: 1\n---\nbody\n",
		"",
	} {
		f := source.New("doc.md", []byte(text))
		want := 0
		if h := Parse(f); h.Closed {
			want = h.BodyStart
		}
		if got := BodyStart(f); got != want {
			t.Errorf("BodyStart(%q) = %d, want %d (as Parse)", text, got, want)
		}
	}
}
