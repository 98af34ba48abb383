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
	if rest, lines := afterImports(src); lines > 0 {
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
// after them (blank lines kept, so that line numbers stay) and the number of
// lines they took, or 0 when the block does not start with imports.
func afterImports(src string) (string, int) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", declPrefix+src, parser.ImportsOnly)
	if err != nil || len(f.Imports) == 0 {
		return "", 0
	}
	var end token.Pos
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			end = gd.End()
		}
	}
	offset := fset.Position(end).Offset - len(declPrefix)
	if offset <= 0 || offset > len(src) {
		return "", 0
	}
	lines := strings.Count(src[:offset], "\n")
	return src[offset:], lines
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
// alike.
func Format(src string) (string, error) {
	out, err := format.Source([]byte(src))
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// SameCode reports whether two listings are equal once surrounding blank
// lines are ignored.
func SameCode(a, b string) bool {
	return bytes.Equal(bytes.TrimSpace([]byte(a)), bytes.TrimSpace([]byte(b)))
}
