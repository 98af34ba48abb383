// Package gocode checks Go code blocks without a toolchain: it tells files
// from fragments, parses fragments as declarations or statements, formats
// them as gofmt does, finds the module a skill lives in, and extracts the
// declarations a `source=` listing refers to.
package gocode

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// Kind says what a Go block is.
type Kind int

// Kinds of Go blocks.
const (
	// File is a complete file: it starts with a package clause.
	File Kind = iota + 1
	// Decls is a list of declarations (func, type, var, const, import).
	Decls
	// Stmts is a list of statements, as in a function body.
	Stmts
)

// Error is a syntax error at a 1-based line and column of the block.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// wrappers turn a fragment into a file; their prefix holds one line.
const (
	declPrefix = "package p\n"
	stmtPrefix = "package p\nfunc _() {\n"
)

// PackageName returns the name in the block's package clause, or "" for a
// fragment.
func PackageName(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil || f.Name == nil {
		return ""
	}
	return f.Name.Name
}

// Parse classifies the block and reports its first syntax error, at the
// block's own line and column.
func Parse(src string) (Kind, *Error) {
	if PackageName(src) != "" {
		_, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		return File, firstError(err, 0)
	}
	_, declErr := parser.ParseFile(token.NewFileSet(), "", declPrefix+src, parser.SkipObjectResolution)
	if declErr == nil {
		return Decls, nil
	}
	_, stmtErr := parser.ParseFile(token.NewFileSet(), "", stmtPrefix+src+"\n}\n", parser.SkipObjectResolution)
	if stmtErr == nil {
		return Stmts, nil
	}
	// Documentation often shows imports followed by statements: read the
	// imports, then the rest as statements.
	if rest, lines, ok := afterImports(src); ok {
		_, err := parser.ParseFile(token.NewFileSet(), "", stmtPrefix+rest+"\n}\n", parser.SkipObjectResolution)
		if err == nil {
			return Stmts, nil
		}
		stmtErr = shiftLines(err, -lines)
	}
	// Report the reading that got further: its error is the likelier one.
	d, s := firstError(declErr, 1), firstError(stmtErr, 2)
	if startsWithDecl(src) || d.Line > s.Line || d.Line == s.Line && d.Col >= s.Col {
		return Decls, d
	}
	return Stmts, s
}

func startsWithDecl(src string) bool {
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		for _, kw := range []string{"func ", "func(", "type ", "var ", "const ", "import "} {
			if strings.HasPrefix(t, kw) {
				return true
			}
		}
		return false
	}
	return false
}

// afterImports splits off leading import declarations: it returns the text
// after them and the number of line breaks they took (a one-line import
// takes none: the rest starts on its line), or false when the block does
// not start with imports.
func afterImports(src string) (string, int, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", declPrefix+src, parser.ImportsOnly)
	if err != nil || len(f.Imports) == 0 {
		return "", 0, false
	}
	var end token.Pos
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			end = gd.End()
		}
	}
	offset := fset.Position(end).Offset - len(declPrefix)
	if offset <= 0 || offset > len(src) {
		return "", 0, false
	}
	lines := strings.Count(src[:offset], "\n")
	return src[offset:], lines, true
}

// shiftLines moves the positions of a parse error by n lines.
func shiftLines(err error, n int) error {
	if list, ok := err.(scanner.ErrorList); ok {
		out := make(scanner.ErrorList, len(list))
		for i, e := range list {
			c := *e
			c.Pos.Line -= n
			out[i] = &c
		}
		return out
	}
	return err
}

// firstError converts a parse error, shifting lines by the wrapper's prefix.
func firstError(err error, prefixLines int) *Error {
	if err == nil {
		return nil
	}
	if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
		e := list[0]
		line := max(e.Pos.Line-prefixLines, 1)
		return &Error{Line: line, Col: max(e.Pos.Column, 1), Msg: e.Msg}
	}
	return &Error{Line: 1, Col: 1, Msg: err.Error()}
}

// Format returns the block formatted as gofmt would, for files and fragments
// alike. Fragments are formatted inside a file of their own (go/format's
// partial-source mode drops empty "//" lines from doc comments).
func Format(src string) (string, error) {
	if PackageName(src) != "" {
		out, err := format.Source([]byte(src))
		return string(out), err
	}
	kind, perr := Parse(src)
	if perr != nil {
		return "", perr
	}
	lead := src[:len(src)-len(strings.TrimLeft(src, "\n"))] // kept, as go/format keeps it
	out, err := formatFragment(kind, src)
	if err != nil {
		return "", err
	}
	return lead + out, nil
}

func formatFragment(kind Kind, src string) (string, error) {
	if kind == Decls {
		out, err := format.Source([]byte(declPrefix + "\n" + src))
		if err != nil {
			return "", err
		}
		// gofmt moves //go:build lines above the package clause; a fragment
		// that holds them cannot be formatted apart from a file.
		text, ok := strings.CutPrefix(string(out), declPrefix+"\n")
		if !ok {
			return "", fmt.Errorf("the fragment holds build constraints, which belong above a package clause")
		}
		return text, nil
	}
	return formatStmts(src)
}

// formatStmts formats statements as the body of a function, then takes the
// body back out, one tab of indentation less (but not inside raw strings,
// which gofmt leaves as written).
func formatStmts(src string) (string, error) {
	const head = "package p\n\nfunc _() {\n"
	out, err := format.Source([]byte(head + strings.TrimRight(src, "\n") + "\n}\n"))
	if err != nil {
		return "", err
	}
	text := string(out)
	if !strings.HasPrefix(text, head) || !strings.HasSuffix(text, "}\n") {
		return "", fmt.Errorf("unexpected gofmt output for a statement list")
	}
	raw := rawStringLines(out)
	lines := strings.SplitAfter(text[len(head):len(text)-2], "\n")
	firstLine := strings.Count(head, "\n") + 1
	var b strings.Builder
	for i, l := range lines {
		if !raw[firstLine+i] {
			l = strings.TrimPrefix(l, "\t")
		}
		b.WriteString(l)
	}
	return b.String(), nil
}

// rawStringLines returns the 1-based lines that lie inside multi-line raw
// string literals (after their first line).
func rawStringLines(src []byte) map[int]bool {
	out := map[int]bool{}
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var sc scanner.Scanner
	sc.Init(file, src, nil, 0)
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.STRING && strings.HasPrefix(lit, "`") {
			start := fset.Position(pos).Line
			for l := start + 1; l <= start+strings.Count(lit, "\n"); l++ {
				out[l] = true
			}
		}
	}
}

// SameCode reports whether two listings are equal once surrounding blank
// lines are ignored.
func SameCode(a, b string) bool {
	return bytes.Equal(bytes.TrimSpace([]byte(a)), bytes.TrimSpace([]byte(b)))
}
