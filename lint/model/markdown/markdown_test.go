package markdown

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

func at(d *Document, off int) source.Pos { return d.File.Position(off) }

const sample = "---\nname: x\n---\n" +
	"# Title\n" +
	"\n" +
	"See [the guide](guide.md) and ![chart](img/c.png \"t\").\n" +
	"\n" +
	"<!-- skillcheck-disable SK203 -- reason -->\n" +
	"\n" +
	"Text <!-- inline --> and [ref][r] and `code [x](not-a-link.md)`.\n" +
	"\n" +
	"Status: !`git status` but not x!`ls`\n" +
	"\n" +
	"  ```go file=main.go\n" +
	"  package main\n" +
	"  // [y](inside-code.md)\n" +
	"  ```\n" +
	"\n" +
	"```!\n" +
	"date\n" +
	"```\n" +
	"\n" +
	"[r]: ./ref.md\n" +
	"\n" +
	"~~~~yaml\n" +
	"a: b\n"

func TestParseFindsElementsAtFilePositions(t *testing.T) {
	f := source.New("SKILL.md", []byte(sample))
	d := Parse(f, 16)

	require.Len(t, d.Headings, 1)
	assert.Equal(t, Heading{Level: 1, Text: "Title", Offset: 16}, d.Headings[0])
	assert.Equal(t, source.Pos{Line: 4, Col: 1}, at(d, d.Headings[0].Offset))

	require.Len(t, d.Links, 3)
	assert.Equal(t, "guide.md", d.Links[0].Dest)
	assert.Equal(t, source.Pos{Line: 6, Col: 5}, at(d, d.Links[0].Offset))
	assert.Equal(t, "img/c.png", d.Links[1].Dest)
	assert.True(t, d.Links[1].Image)
	assert.Equal(t, source.Pos{Line: 6, Col: 31}, at(d, d.Links[1].Offset))
	assert.Equal(t, "./ref.md", d.Links[2].Dest)
	assert.True(t, d.Links[2].Definition)
	assert.Equal(t, source.Pos{Line: 23, Col: 1}, at(d, d.Links[2].Offset))

	require.Len(t, d.Comments, 2)
	assert.Equal(t, "skillcheck-disable SK203 -- reason", d.Comments[0].Text)
	assert.Equal(t, source.Pos{Line: 8, Col: 1}, at(d, d.Comments[0].Offset))
	assert.Equal(t, "inline", d.Comments[1].Text)
	assert.Equal(t, source.Pos{Line: 10, Col: 6}, at(d, d.Comments[1].Offset))

	require.Len(t, d.Injections, 1)
	assert.Equal(t, "git status", d.Injections[0].Command)
	assert.Equal(t, source.Pos{Line: 12, Col: 9}, at(d, d.Injections[0].Offset))

	require.Len(t, d.CodeBlocks, 3)
	goBlock := d.CodeBlocks[0]
	assert.Equal(t, "go", goBlock.Lang)
	assert.Equal(t, "go file=main.go", goBlock.Info)
	assert.Equal(t, source.Pos{Line: 14, Col: 3}, at(d, goBlock.Offset))
	assert.Equal(t, source.Pos{Line: 14, Col: 6}, at(d, goBlock.InfoOffset))
	assert.Equal(t, "package main\n// [y](inside-code.md)\n", goBlock.Content())
	assert.Equal(t, source.Pos{Line: 15, Col: 3}, at(d, goBlock.Lines[0].Offset), "the text after the fence indentation")
	assert.True(t, goBlock.Closed)
	assert.Equal(t, source.Pos{Line: 18, Col: 1}, at(d, goBlock.End))

	assert.True(t, d.CodeBlocks[1].Injection())
	assert.Equal(t, "date\n", d.CodeBlocks[1].Content())

	tilde := d.CodeBlocks[2]
	assert.Equal(t, byte('~'), tilde.Fence)
	assert.Equal(t, 4, tilde.FenceLen)
	assert.False(t, tilde.Closed, "no closing fence before the end of the file")
	assert.Equal(t, "a: b\n", tilde.Content())
}

func TestParseWithCRLFAndBOM(t *testing.T) {
	src := "\uFEFF# Título\r\n\r\n[a](b.md)\r\n```sh\r\necho hi\r\n```\r\n"
	f := source.New("x.md", []byte(src))
	d := Parse(f, 0)
	require.Len(t, d.Headings, 1)
	assert.Equal(t, "Título", d.Headings[0].Text)
	assert.Equal(t, source.Pos{Line: 1, Col: 1}, at(d, d.Headings[0].Offset))
	require.Len(t, d.Links, 1)
	assert.Equal(t, source.Pos{Line: 3, Col: 1}, at(d, d.Links[0].Offset))
	require.Len(t, d.CodeBlocks, 1)
	assert.Equal(t, "echo hi\n", d.CodeBlocks[0].Content())
	assert.True(t, d.CodeBlocks[0].Closed)
	assert.Equal(t, source.Pos{Line: 5, Col: 1}, at(d, d.CodeBlocks[0].Lines[0].Offset))
}

func TestEmptyAndClosedImmediately(t *testing.T) {
	d := Parse(source.New("x.md", []byte("```\n```\n")), 0)
	require.Len(t, d.CodeBlocks, 1)
	assert.True(t, d.CodeBlocks[0].Closed)
	assert.Empty(t, d.CodeBlocks[0].Lines)

	d = Parse(source.New("x.md", []byte("```go")), 0)
	require.Len(t, d.CodeBlocks, 1)
	assert.False(t, d.CodeBlocks[0].Closed)

	d = Parse(source.New("x.md", nil), 0)
	assert.Empty(t, d.CodeBlocks)
}

func TestParseInfo(t *testing.T) {
	for info, want := range map[string]Info{
		"":                          {},
		"Go":                        {Lang: "go"},
		"go ignore":                 {Lang: "go", Ignore: true},
		"go compile_fail file=x.go": {Lang: "go", CompileFail: true, File: "x.go"},
		"go source=reference/rest/breaker/breaker.go#Breaker.Allow": {Lang: "go", Source: "reference/rest/breaker/breaker.go#Breaker.Allow"},
		"go file= ignore=1 nope":                                    {Lang: "go", File: "", Unknown: []string{"ignore=1", "nope"}, Problems: []string{"file= needs a file name"}},
		"go ignore ignore":                                          {Lang: "go", Ignore: true, Problems: []string{`attribute "ignore" is repeated`}},
	} {
		b := &CodeBlock{Info: info}
		assert.Equal(t, want, b.ParseInfo(), info)
	}
}

func TestReplaceContent(t *testing.T) {
	src := "# T\r\n\r\n  ```go\r\n  x:=1\r\n\r\n  y:=2\r\n  ```\r\nafter\r\n"
	d := Parse(source.New("x.md", []byte(src)), 0)
	b := d.CodeBlocks[0]
	start, end, text, ok := b.ReplaceContent(d, "x := 1\n\ny := 2\n")
	require.True(t, ok)
	got := src[:start] + text + src[end:]
	assert.Equal(t, "# T\r\n\r\n  ```go\r\n  x := 1\r\n\r\n  y := 2\r\n  ```\r\nafter\r\n", got)
	assert.Equal(t, "y:=2", src[b.LineOffset(3, 1):b.LineOffset(3, 5)])
	assert.Equal(t, b.LineOffset(3, 1), b.ContentOffset(len("x:=1\n\n")))

	empty := Parse(source.New("x.md", []byte("```go\n```\n")), 0)
	start, end, text, ok = empty.CodeBlocks[0].ReplaceContent(empty, "x := 1\n")
	require.True(t, ok)
	assert.Equal(t, "```go\nx := 1\n```\n", "```go\n```\n"[:start]+text+"```go\n```\n"[end:])

	quoted := Parse(source.New("x.md", []byte("> ```go\n> x:=1\n> ```\n")), 0)
	_, _, _, ok = quoted.CodeBlocks[0].ReplaceContent(quoted, "x := 1\n")
	assert.False(t, ok, "no edits inside block quotes")
}

func TestAutolinksAreLinks(t *testing.T) {
	f := source.New("a.md", []byte("# See <http://example.com/a>\n\nMail <a@b.c>, `<http://code>` and <https://x.org>.\n"))
	d := Parse(f, 0)
	require.Len(t, d.Links, 2, "URL autolinks, not e-mail ones or code")
	assert.Equal(t, "http://example.com/a", d.Links[0].Dest)
	assert.Equal(t, source.Pos{Line: 1, Col: 7}, at(d, d.Links[0].Offset))
	assert.Equal(t, "https://x.org", d.Links[1].Dest)
	assert.Equal(t, source.Pos{Line: 3, Col: 35}, at(d, d.Links[1].Offset))
	assert.Equal(t, "See http://example.com/a", d.Headings[0].Text)
}
