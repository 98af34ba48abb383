package gocode

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseClassifiesBlocks(t *testing.T) {
	for src, want := range map[string]Kind{
		"package main\n\nfunc main() {}\n":                   File,
		"func f() int { return 1 }\n":                        Decls,
		"// comment\ntype T struct{}\n":                      Decls,
		"x := 1\nfmt.Println(x)\n":                           Stmts,
		"if err != nil {\n\treturn err\n}\n":                 Stmts,
		"import (\n\t\"fmt\"\n)\n\nx := 1\nfmt.Println(x)\n": Stmts,
	} {
		kind, err := Parse(src)
		assert.Nil(t, err, src)
		assert.Equal(t, want, kind, src)
	}
}

func TestParseReportsErrorsAtBlockPositions(t *testing.T) {
	for src, want := range map[string]Error{
		"package main\n\nfunc main() {\n\tx :=\n}\n": {Line: 5, Col: 1, Msg: "expected operand, found '}'"},
		"func f() {\n\treturn 1 +\n}\n":              {Line: 3, Col: 1, Msg: "expected operand, found '}'"},
		"x := 1\ny := )\n":                           {Line: 2, Col: 6, Msg: "expected operand, found ')'"},
	} {
		_, err := Parse(src)
		require.NotNil(t, err, src)
		assert.Equal(t, want, *err, src)
	}
}

func TestFormatFragmentsAndFiles(t *testing.T) {
	out, err := Format("x:=1\nif x>0 {fmt.Println( x )}\n")
	require.NoError(t, err)
	assert.Equal(t, "x := 1\nif x > 0 {\n\tfmt.Println(x)\n}\n", out)
	out, err = Format("package p\nfunc F( ) {}\n")
	require.NoError(t, err)
	assert.Equal(t, "package p\n\nfunc F() {}\n", out)
	assert.Equal(t, "p", PackageName("// doc\npackage p\n"))
	assert.Equal(t, "", PackageName("func f() {}\n"))
}

func TestParseListing(t *testing.T) {
	l, err := ParseListing("reference/x/x.go#A,B.M")
	require.NoError(t, err)
	assert.Equal(t, Listing{Path: "reference/x/x.go", Names: []string{"A", "B.M"}}, l)
	l, err = ParseListing("x.go#L3-L9")
	require.NoError(t, err)
	assert.Equal(t, Listing{Path: "x.go", From: 3, To: 9}, l)
	for _, bad := range []string{"x.go", "#A", "x.go#", "x.go#L9-L3", "x.go#A,,B"} {
		_, err := ParseListing(bad)
		assert.Error(t, err, bad)
	}
}

const refSource = `package x

import "fmt"

// A is a thing.
type A struct{ n int }

// M prints the thing.
func (a *A) M() { fmt.Println(a.n) }

// G is generic.
type G[T any] struct{ v T }

// Get returns v.
func (g G[T]) Get() T { return g.v }

var (
	// One is one.
	One = 1
	Two = 2
)

// F adds.
func F(x int) int {
	return x + 1
}

// Mode is a mode.
type Mode int

// Modes.
const (
	// Off is off.
	Off Mode = iota
	// On is on.
	On
)
`

func TestExtract(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.go")
	require.NoError(t, os.WriteFile(path, []byte(refSource), 0o644))
	for sel, want := range map[string]string{
		"A":       "// A is a thing.\ntype A struct{ n int }\n",
		"A.M":     "// M prints the thing.\nfunc (a *A) M() { fmt.Println(a.n) }\n",
		"G.Get":   "// Get returns v.\nfunc (g G[T]) Get() T { return g.v }\n",
		"One":     "var (\n\t// One is one.\n\tOne = 1\n\tTwo = 2\n)\n",
		"F,A":     "// F adds.\nfunc F(x int) int {\n\treturn x + 1\n}\n\n// A is a thing.\ntype A struct{ n int }\n",
		"L24-L26": "func F(x int) int {\n\treturn x + 1\n}\n",
	} {
		l, err := ParseListing("x.go#" + sel)
		require.NoError(t, err)
		got, err := Extract(path, l)
		require.NoError(t, err, sel)
		assert.Equal(t, want, got, sel)
	}
	for sel, msg := range map[string]string{
		"Missing": "has no declaration Missing",
		"F.M":     "has no declaration F.M",
		"L20-L99": "has 37 lines",
	} {
		l, _ := ParseListing("x.go#" + sel)
		_, err := Extract(path, l)
		assert.ErrorContains(t, err, msg, sel)
	}
}

func TestFindModule(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644))
	deep := filepath.Join(root, "skills", "a", "b")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	m := FindModule(deep)
	require.NotNil(t, m)
	assert.Equal(t, "example.com/m", m.Path)
	p, ok := m.Resolve("reference/x/x.go")
	assert.True(t, ok)
	assert.Equal(t, filepath.Join(m.Root, "reference", "x", "x.go"), p)
	_, ok = m.Resolve("../outside.go")
	assert.False(t, ok)
	assert.Nil(t, FindModule("/"))
}

// A skill that names its module is resolved in that module of the Go
// workspace around it, even when another module contains its folder; a
// module the workspace does not use, or one outside its tree, is foreign.
func TestForSkillFindsTheOriginInTheWorkspace(t *testing.T) {
	root := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
	write("go.mod", "module example.com/tool\n\ngo 1.26\n")
	write("lib/go.mod", "module example.com/tool/lib\n\ngo 1.26\n")
	write("other/go.mod", "module example.com/other\n\ngo 1.26\n")
	write("go.work", "go 1.26\n\nuse (\n\t.\n\t./lib\n\t../escape\n)\n")
	skill := filepath.Join(root, "plugin", "skills", "s")
	require.NoError(t, os.MkdirAll(skill, 0o755))

	m, foreign := ForSkill(skill, "example.com/tool/lib")
	require.False(t, foreign)
	require.NotNil(t, m)
	assert.Equal(t, filepath.Join(root, "lib"), m.Root)

	m, foreign = ForSkill(skill, "")
	assert.False(t, foreign)
	assert.Equal(t, "example.com/tool", m.Path, "no origin: the module containing the skill")

	_, foreign = ForSkill(skill, "example.com/other")
	assert.True(t, foreign, "a module the workspace does not use")
	_, foreign = ForSkill(t.TempDir(), "example.com/tool/lib")
	assert.True(t, foreign, "no workspace around the skill")
}
