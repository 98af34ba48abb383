package gocode

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
)

// Listing is a parsed source= reference: PATH#Selector.
type Listing struct {
	Path string
	// Names are declarations ("Breaker", "Breaker.Allow"); empty when the
	// listing is a line range.
	Names []string
	// From and To are a 1-based inclusive line range ("#L10-L40").
	From, To int
}

var lineRange = regexp.MustCompile(`^L(\d+)-L(\d+)$`)

// ParseListing reads "PATH#Name[,Name…]" or "PATH#L10-L40".
func ParseListing(ref string) (Listing, error) {
	path, sel, ok := strings.Cut(ref, "#")
	if !ok || path == "" || sel == "" {
		return Listing{}, fmt.Errorf("source=%s: want PATH#Name, PATH#Type.Method, PATH#A,B or PATH#L10-L40", ref)
	}
	l := Listing{Path: path}
	if m := lineRange.FindStringSubmatch(sel); m != nil {
		l.From, _ = strconv.Atoi(m[1])
		l.To, _ = strconv.Atoi(m[2])
		if l.From < 1 || l.To < l.From {
			return Listing{}, fmt.Errorf("source=%s: line range must run forward from line 1 or later", ref)
		}
		return l, nil
	}
	for _, n := range strings.Split(sel, ",") {
		if n = strings.TrimSpace(n); n == "" {
			return Listing{}, fmt.Errorf("source=%s: empty name in the list", ref)
		}
		l.Names = append(l.Names, n)
	}
	return l, nil
}

// parsedFile is a reference file parsed once per content.
type parsedFile struct {
	src   []byte
	fset  *token.FileSet
	ast   *ast.File
	err   error
	stamp string
}

var parsedFiles sync.Map // path → *parsedFile

// maxSourceFile bounds the reference files a listing is taken from.
const maxSourceFile = 16 << 20

func loadSource(path string) (*parsedFile, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	stamp := fmt.Sprintf("%d/%s", info.Size(), info.ModTime().Format(time.RFC3339Nano))
	if v, ok := parsedFiles.Load(path); ok && v.(*parsedFile).stamp == stamp {
		pf := v.(*parsedFile)
		return pf, pf.err
	}
	src, err := safefs.ReadFile(path, maxSourceFile)
	if err != nil {
		return nil, err
	}
	pf := &parsedFile{src: src, fset: token.NewFileSet(), stamp: stamp}
	pf.ast, pf.err = parser.ParseFile(pf.fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	parsedFiles.Store(path, pf)
	return pf, pf.err
}

// Extract returns the text of the listing from the file at path, gofmt-ed.
func Extract(path string, l Listing) (string, error) {
	pf, err := loadSource(path)
	if err != nil && pf == nil {
		return "", err
	}
	if l.Names == nil {
		lines := strings.SplitAfter(string(pf.src), "\n")
		if lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		if l.To > len(lines) {
			return "", fmt.Errorf("%s has %d lines, the listing asks for lines %d to %d", l.Path, len(lines), l.From, l.To)
		}
		return strings.Join(lines[l.From-1:l.To], ""), nil
	}
	if pf.err != nil {
		return "", fmt.Errorf("%s does not parse: %v", l.Path, pf.err)
	}
	var parts []string
	for _, name := range l.Names {
		text, ok := pf.declaration(name)
		if !ok {
			return "", fmt.Errorf("%s has no declaration %s", l.Path, name)
		}
		parts = append(parts, text)
	}
	out, err := Format(strings.Join(parts, "\n\n") + "\n")
	if err != nil {
		return "", fmt.Errorf("listing of %s does not format: %v", l.Path, err)
	}
	return out, nil
}

// declaration returns the source of a top-level declaration with its doc
// comment, as go doc shows it: a function, a method (Type.Method), a type (a
// type of a group alone, with its keyword), or a constant or variable with
// its whole group.
func (pf *parsedFile) declaration(name string) (string, bool) {
	typ, method, isMethod := strings.Cut(name, ".")
	for _, d := range pf.ast.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name != method && d.Name.Name != name {
				continue
			}
			if isMethod == (d.Recv != nil) && (!isMethod || receiverType(d) == typ) {
				return pf.text(startOf(d.Doc, d.Pos()), d.End()), true
			}
		case *ast.GenDecl:
			if isMethod {
				continue
			}
			for _, spec := range d.Specs {
				if !specDeclares(spec, name) {
					continue
				}
				if !d.Lparen.IsValid() || d.Tok == token.CONST || d.Tok == token.VAR {
					// As go doc shows them: a constant or variable of a group
					// comes with its whole group (an iota constant means
					// nothing alone).
					return pf.text(startOf(d.Doc, d.Pos()), d.End()), true
				}
				doc := specDoc(spec)
				return strings.TrimSpace(docText(pf, doc) + d.Tok.String() + " " + pf.text(spec.Pos(), spec.End())), true
			}
		}
	}
	return "", false
}

func (pf *parsedFile) text(from, to token.Pos) string {
	f := pf.fset.File(from)
	return string(pf.src[f.Offset(from):f.Offset(to)])
}

func startOf(doc *ast.CommentGroup, pos token.Pos) token.Pos {
	if doc != nil {
		return doc.Pos()
	}
	return pos
}

func docText(pf *parsedFile, doc *ast.CommentGroup) string {
	if doc == nil {
		return ""
	}
	return pf.text(doc.Pos(), doc.End()) + "\n"
}

func receiverType(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return ""
	}
	t := d.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch t := t.(type) {
	case *ast.IndexExpr:
		return identName(t.X)
	case *ast.IndexListExpr:
		return identName(t.X)
	}
	return identName(t)
}

func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func specDeclares(spec ast.Spec, name string) bool {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		return s.Name.Name == name
	case *ast.ValueSpec:
		for _, n := range s.Names {
			if n.Name == name {
				return true
			}
		}
	}
	return false
}

func specDoc(spec ast.Spec) *ast.CommentGroup {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		return s.Doc
	case *ast.ValueSpec:
		return s.Doc
	}
	return nil
}
