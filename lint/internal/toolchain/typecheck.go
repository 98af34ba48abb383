package toolchain

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/tools/go/packages"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
)

// typeCheck type-checks every unit in this process against the export data
// of the packages the units import, loaded in one go/packages call, and
// records their errors. The units themselves are never compiled: that is
// one compiler process a block saved (go vet does not compile them either).
// m is the module the workspace at root requires (nil outside a module).
func typeCheck(ctx context.Context, tc *toolchain, root string, m *gocode.Module, todo []*placed) error {
	ctxt := build.Default
	ctxt.CgoEnabled = false // as tc.env sets it
	tch := &typeChecker{fset: token.NewFileSet(), root: root, module: m, sizes: types.SizesFor("gc", ctxt.GOARCH)}
	parsed := make([][]*ast.File, len(todo))
	var paths []string
	for i, p := range todo {
		p.result = &unitResult{}
		parsed[i] = parseUnit(tch.fset, &ctxt, p)
		files := parsed[i]
		for _, f := range files {
			for _, imp := range f.Imports {
				if path, err := strconv.Unquote(imp.Path.Value); err == nil {
					paths = append(paths, path)
				}
			}
		}
	}
	var err error
	if tch.imports, err = loadImports(ctx, tc, root, paths); err != nil {
		return err
	}
	if tch.goVersion, err = moduleGoVersion(root); err != nil {
		return err
	}
	for i, p := range todo {
		if len(parsed[i]) == 0 && !p.syntaxErrors {
			// Build constraints leave nothing (//go:build ignore programs,
			// other platforms): the go command would build nothing either.
			continue
		}
		errorCount := tch.check(p, parsed[i])
		switch {
		case p.unit.CompileFail && errorCount == 0:
			p.result.Findings = append(p.result.Findings, blockFinding{Kind: CompileFailCompiles, File: 0,
				Message: "block is marked compile_fail but type-checks: the example no longer fails as the text says"})
		case !p.unit.CompileFail && errorCount == 0:
			p.vet = true
		}
	}
	return nil
}

// typeChecker holds what checking the units of one workspace shares.
type typeChecker struct {
	fset      *token.FileSet
	root      string         // the workspace
	module    *gocode.Module // nil outside a module
	imports   map[string]*packages.Package
	goVersion string
	sizes     types.Sizes
}

// parseUnit parses the unit's files that the build constraints keep, as the
// go command would; a file that does not parse is left out, its syntax error
// being SK303's.
func parseUnit(fset *token.FileSet, ctxt *build.Context, p *placed) []*ast.File {
	var files []*ast.File
	for i, f := range p.unit.Files {
		match, err := ctxt.MatchFile(p.dir, f.Name)
		if err != nil {
			// A malformed //go:build line: this block's problem, not the
			// run's, so it is reported here and the others are checked.
			p.syntaxErrors = true
			p.result.Findings = append(p.result.Findings, blockFinding{Kind: TypeError, File: i,
				Message: "the block's build constraints cannot be read: " + afterFileName(err.Error())})
			continue
		}
		if !match {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(p.dir, f.Name), f.Src, parser.SkipObjectResolution)
		if err != nil {
			p.syntaxErrors = true
			continue
		}
		files = append(files, file)
	}
	return files
}

// loadImports loads, from export data, every package the units import that
// can be named on a go list command line. Packages that fail to load are
// returned with their errors.
func loadImports(ctx context.Context, tc *toolchain, root string, paths []string) (map[string]*packages.Package, error) {
	slices.Sort(paths)
	paths = slices.Compact(paths)
	paths = slices.DeleteFunc(paths, func(path string) bool {
		return path == "C" || path == "unsafe" || module.CheckImportPath(path) != nil || internalPath(path)
	})
	out := map[string]*packages.Package{}
	if len(paths) == 0 {
		return out, nil
	}
	cfg := &packages.Config{
		Context:    ctx,
		Mode:       packages.NeedName | packages.NeedTypes,
		Dir:        root,
		Env:        tc.snippetEnv(),
		BuildFlags: buildFlags,
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		return nil, err
	}
	for _, pkg := range pkgs {
		out[pkg.PkgPath] = pkg
	}
	return out, nil
}

// internalPath reports an import path with an internal element, which code
// outside the tree that holds it may not import.
func internalPath(path string) bool {
	return path == "internal" || strings.HasPrefix(path, "internal/") || strings.HasSuffix(path, "/internal") ||
		strings.Contains(path, "/internal/")
}

// moduleGoVersion returns the go directive of the workspace module as a
// language version (go1.22).
func moduleGoVersion(root string) (string, error) {
	data, err := safefs.ReadFile(filepath.Join(root, "go.mod"), maxModFile)
	if err != nil {
		return "", err
	}
	mod, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return "", err
	}
	if mod.Go == nil {
		return "", nil
	}
	return "go" + mod.Go.Version, nil
}

// check type-checks the unit's parsed files and records what it finds;
// it returns how many errors the unit has, syntax errors included.
func (tch *typeChecker) check(p *placed, files []*ast.File) int {
	missing := tch.unavailableImports(p, files)
	if p.syntaxErrors {
		return missing + 1 // type errors of code that does not parse only echo the syntax error
	}
	errorCount := missing
	conf := types.Config{
		GoVersion:   tch.goVersion,
		Sizes:       tch.sizes,
		FakeImportC: true,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			switch pkg := tch.imports[path]; {
			case path == "unsafe":
				return types.Unsafe, nil
			case internalPath(path):
				return nil, fmt.Errorf("use of internal package %s not allowed", path)
			case pkg != nil && len(pkg.Errors) > 0:
				return nil, errors.New(tch.firstError(pkg.Errors[0].Msg))
			case pkg == nil || pkg.Types == nil:
				return nil, fmt.Errorf("package %s not found", path)
			default:
				return pkg.Types, nil
			}
		}),
	}
	seen := map[string]bool{}
	conf.Error = func(err error) {
		var te types.Error
		if !errors.As(err, &te) {
			return
		}
		pos := te.Fset.Position(te.Pos)
		key := pos.String() + "\x00" + te.Msg
		if seen[key] {
			return
		}
		seen[key] = true
		errorCount++
		if missing > 0 || p.unit.CompileFail {
			// Without a missing package every use of it is an error, not a
			// finding; and compile_fail asks for the failure.
			return
		}
		p.report(TypeError, pos, te.Msg)
	}
	_, _ = conf.Check(files[0].Name.Name, tch.fset, files, nil)
	return errorCount
}

// unavailableImports reports (SK306) the imports of the unit that cannot be
// loaded here, once each, and returns how many there are: a package no
// module of the workspace provides, or one whose module is not downloaded.
func (tch *typeChecker) unavailableImports(p *placed, files []*ast.File) int {
	reported := map[string]bool{}
	for _, f := range files {
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || reported[path] {
				continue
			}
			why, environmental := tch.unavailable(path)
			if why == "" {
				continue
			}
			reported[path] = true
			p.result.Environmental = p.result.Environmental || environmental
			p.report(ImportUnavailable, tch.fset.Position(imp.Path.Pos()), "import not checkable here: "+why)
		}
	}
	return len(reported)
}

// downloadFailure matches a go command error about fetching a module
// version ("example.com/m@v1.2.3: Get ...: dial tcp ...").
var downloadFailure = regexp.MustCompile(`^[^\s:@]+@v[^\s:]*: `)

// unavailable says why the imported package cannot be loaded and how to
// fix it ("" when it loaded or failed for another reason, which type-checking
// reports), and whether the reason lies in the environment rather than in the
// files, so that the result must not be cached.
func (tch *typeChecker) unavailable(path string) (string, bool) {
	pkg := tch.imports[path]
	if pkg == nil || len(pkg.Errors) == 0 {
		return "", false
	}
	if tch.module == nil {
		if notProvided(pkg) {
			return fmt.Sprintf("the skill is not inside a Go module, so only standard library imports can be checked, not %s", path), false
		}
		return "", false
	}
	dir := displayDir(tch.module.Root)
	msg := tch.firstError(pkg.Errors[0].Msg)
	switch {
	case notProvided(pkg):
		return fmt.Sprintf("module %s does not require a module that provides package %s: run `go get %s` in %s, or mark the block `go ignore`",
			tch.module.Path, path, path, dir), false
	case strings.Contains(msg, "missing go.sum entry"):
		return fmt.Sprintf("go.sum of module %s has no entry for the module of package %s: run `go mod download` in %s",
			tch.module.Path, path, dir), false
	case strings.Contains(msg, "module lookup disabled by GOPROXY=off"):
		return fmt.Sprintf("the module of package %s is not in the module cache and downloads are off (--offline or GOPROXY=off): run `go mod download` in %s",
			path, dir), true
	case downloadFailure.MatchString(msg):
		return fmt.Sprintf("the module of package %s could not be downloaded (%s): run `go mod download` in %s",
			path, msg, dir), true
	}
	return "", false
}

// displayDir is dir relative to the working folder when it lies below it.
func displayDir(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		return dir
	}
	if rel, err := filepath.Rel(wd, dir); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return dir
}

// firstError returns the first line of a go command error that is not a
// "# package" heading, its file named relative to the skill's module.
func (tch *typeChecker) firstError(msg string) string {
	first := strings.TrimSpace(msg)
	for line := range strings.Lines(msg) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "# ") {
			first = line
			break
		}
	}
	file, rest, ok := strings.Cut(first, ":")
	if !ok || tch.module == nil || !strings.HasSuffix(file, ".go") {
		return first
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(tch.root, file)
	}
	if rel, err := filepath.Rel(tch.module.Root, file); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel) + ":" + rest
	}
	return first
}

// notProvided reports a package that failed to load because no module of
// the workspace holds it.
func notProvided(pkg *packages.Package) bool {
	if pkg == nil {
		return false
	}
	for _, e := range pkg.Errors {
		if strings.Contains(e.Msg, "no required module provides") || strings.Contains(e.Msg, "is not in std") ||
			strings.Contains(e.Msg, "cannot find module providing") {
			return true
		}
	}
	return false
}

// report adds a finding at pos, a position in one of the unit's files (the
// first file's info string when pos is unknown).
func (p *placed) report(kind Kind, pos token.Position, msg string) {
	file, line, col := p.position(fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Line, pos.Column))
	p.result.Findings = append(p.result.Findings, blockFinding{Kind: kind, File: file, Line: line, Col: col, Message: msg})
}

// importerFunc adapts a function to types.Importer.
type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// afterFileName drops the "dir/name.go: " a go/build error starts with: the
// file is the block the finding is reported on.
func afterFileName(msg string) string {
	if _, rest, ok := strings.Cut(msg, ".go: "); ok {
		return rest
	}
	return msg
}
