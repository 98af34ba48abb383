package toolchain

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
)

// maxModFile bounds the go.mod and go.sum files read.
const maxModFile = 64 << 20

// DefaultTimeout bounds the toolchain work of a run.
const DefaultTimeout = 5 * time.Minute

// Options tune a check.
type Options struct {
	// Timeout bounds the toolchain work (DefaultTimeout when 0).
	Timeout time.Duration
	// CacheDir holds cached results; "" uses the user cache directory, "-"
	// turns caching off.
	CacheDir string
	// GoCommand is the go command ("" looks up "go" on the PATH).
	GoCommand string
	// Tests runs the tests of the reference packages skills name.
	Tests bool
}

func (o Options) lookPath() (string, error) {
	if o.GoCommand != "" {
		return exec.LookPath(o.GoCommand)
	}
	return exec.LookPath("go")
}

// Check type-checks and vets the collected units and returns the findings.
func (c *Collector) Check(ctx context.Context, opts Options) []Finding {
	if len(c.units) == 0 {
		return nil
	}
	c.sort()
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	goBin, err := opts.lookPath()
	if err != nil {
		f := c.units[0].Files[0]
		return []Finding{{Kind: ToolchainMissing, File: f.Doc.File, Offset: f.Block.InfoOffset,
			Message: "the Go toolchain (go) is not on the PATH: Go code blocks are not type-checked; install Go or run with --fast"}}
	}
	tc := &toolchain{bin: goBin}
	cache := openCache(opts.CacheDir, tc)
	defer cache.close()

	var findings []Finding
	byModule := map[*gocode.Module][]*Unit{}
	var modules []*gocode.Module
	for _, u := range c.units {
		if _, ok := byModule[u.Module]; !ok {
			modules = append(modules, u.Module)
		}
		byModule[u.Module] = append(byModule[u.Module], u)
	}
	for _, m := range modules {
		findings = append(findings, checkModule(ctx, tc, cache, m, byModule[m])...)
	}
	return findings
}

// toolchain runs the go command with the environment that keeps it offline
// and read-only.
type toolchain struct {
	bin     string
	version string
}

// env is the environment for the go command.
func (tc *toolchain) env() []string {
	return append(os.Environ(),
		"GOFLAGS=-mod=readonly -buildvcs=false",
		"GOPROXY=off",
		"GONOSUMDB=*",
		"CGO_ENABLED=0",
		"GOTOOLCHAIN=local",
		"GOWORK=off",
	)
}

// goVersion returns `go env GOVERSION`, once.
func (tc *toolchain) goVersion(ctx context.Context) string {
	if tc.version == "" {
		out, err := exec.CommandContext(ctx, tc.bin, "env", "GOVERSION").Output()
		if err != nil {
			return "unknown"
		}
		tc.version = strings.TrimSpace(string(out))
	}
	return tc.version
}

// placed is a unit with its place in the overlay.
type placed struct {
	unit    *Unit
	dir     string // absolute, virtual
	pattern string // ./relative/dir
	key     string // cache key
	result  *unitResult
	vet     bool // type-checked without errors, so go vet can run
	// syntaxErrors is set when a file of the unit does not parse.
	syntaxErrors bool
}

// unitResult is what checking one unit found, in block coordinates so it can
// be cached and mapped to any later file position.
type unitResult struct {
	Findings []blockFinding
}

type blockFinding struct {
	Kind      Kind
	File      int // index into Unit.Files
	Line, Col int // in the block; 0 for the block's info string
	Message   string
}

func checkModule(ctx context.Context, tc *toolchain, cache *cache, m *gocode.Module, units []*Unit) []Finding {
	moduleKey := cache.moduleKey(ctx, m)
	var todo []*placed
	all := make([]*placed, len(units))
	for i, u := range units {
		p := &placed{unit: u, pattern: "./s" + strconv.Itoa(i)}
		p.key = cache.unitKey(moduleKey, u)
		if r, ok := cache.get(p.key); ok {
			p.result = r
		} else {
			todo = append(todo, p)
		}
		all[i] = p
	}
	if len(todo) > 0 {
		ws, err := workspace(m)
		if err != nil {
			return []Finding{toolFailure(units[0], err)}
		}
		defer ws.Close()
		root := ws.Dir()
		for _, p := range todo {
			p.dir = filepath.Join(root, strings.TrimPrefix(p.pattern, "./"))
		}
		if err := write(ws, todo); err != nil {
			return []Finding{toolFailure(units[0], err)}
		}
		if err := typeCheck(ctx, tc, root, m, todo); err != nil {
			return []Finding{toolFailure(units[0], err)}
		}
		vet(ctx, tc, root, todo)
		for _, p := range todo {
			if ctx.Err() == nil {
				cache.put(p.key, p.result)
			}
		}
	}
	var out []Finding
	for _, p := range all {
		for _, bf := range p.result.Findings {
			f := p.unit.Files[bf.File]
			off := f.Block.InfoOffset
			if bf.Line > 0 {
				off = f.Block.LineOffset(bf.Line, bf.Col)
			}
			out = append(out, Finding{Kind: bf.Kind, File: f.Doc.File, Offset: off, Message: bf.Message})
		}
	}
	return out
}

// workspace creates the temporary module the snippet packages are written
// to: for a skill inside a module, a module that requires it (replaced by its
// folder) and everything it requires, so snippets import its packages and
// dependencies as its own code does; outside a module, an empty module.
// Closing the root removes it.
func workspace(m *gocode.Module) (*safefs.Root, error) {
	gomod, gosum, err := snippetModule(m)
	if err != nil {
		return nil, err
	}
	root, err := safefs.MkdirTemp("skillcheck-snippets-")
	if err != nil {
		return nil, err
	}
	err = root.WriteFile("go.mod", gomod, 0)
	if err == nil && gosum != nil {
		err = root.WriteFile("go.sum", gosum, 0)
	}
	if err != nil {
		root.Close()
		return nil, err
	}
	return root, nil
}

// snippetModule returns the go.mod and go.sum of the temporary module.
func snippetModule(m *gocode.Module) ([]byte, []byte, error) {
	out := &modfile.File{}
	if err := out.AddModuleStmt("skillcheck.local/snippets"); err != nil {
		return nil, nil, err
	}
	if m == nil {
		_ = out.AddGoStmt("1.22")
		data, err := out.Format()
		return data, nil, err
	}
	data, err := safefs.ReadFile(filepath.Join(m.Root, "go.mod"), maxModFile)
	if err != nil {
		return nil, nil, err
	}
	user, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return nil, nil, err
	}
	if user.Go != nil {
		_ = out.AddGoStmt(user.Go.Version)
	}
	const local = "v0.0.0-00010101000000-000000000000"
	_ = out.AddRequire(m.Path, local)
	_ = out.AddReplace(m.Path, "", m.Root, "")
	for _, r := range user.Require {
		_ = out.AddRequire(r.Mod.Path, r.Mod.Version)
	}
	for _, r := range user.Replace {
		newPath := r.New.Path
		if r.New.Version == "" && !filepath.IsAbs(newPath) { // a local folder, relative to the module
			newPath = filepath.Join(m.Root, newPath)
		}
		_ = out.AddReplace(r.Old.Path, r.Old.Version, newPath, r.New.Version)
	}
	gomod, err := out.Format()
	if err != nil {
		return nil, nil, err
	}
	gosum, _ := safefs.ReadFile(filepath.Join(m.Root, "go.sum"), maxModFile)
	return gomod, gosum, nil
}

func toolFailure(u *Unit, err error) Finding {
	f := u.Files[0]
	return Finding{Kind: TypeError, File: f.Doc.File, Offset: f.Block.InfoOffset,
		Message: "Go code blocks could not be type-checked: " + err.Error()}
}

// write puts the units' files into their folders of the workspace; the
// workspace refuses any name that would leave it.
func write(ws *safefs.Root, todo []*placed) error {
	for _, p := range todo {
		dir := strings.TrimPrefix(p.pattern, "./")
		for _, f := range p.unit.Files {
			if err := ws.WriteFile(filepath.Join(dir, f.Name), []byte(f.Src), 0); err != nil {
				return err
			}
		}
	}
	return nil
}

var posPattern = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?$`)

// position maps "file:line:col" of an overlay file to the unit's file index
// and block line and column; an unknown position maps to the first file's
// info string.
func (p *placed) position(pos string) (int, int, int) {
	m := posPattern.FindStringSubmatch(pos)
	if m == nil {
		return 0, 0, 0
	}
	for i, f := range p.unit.Files {
		if m[1] == filepath.Join(p.dir, f.Name) {
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			return i, line, max(col, 1)
		}
	}
	return 0, 0, 0
}

// vet runs go vet -json once on every unit that type-checked.
func vet(ctx context.Context, tc *toolchain, root string, todo []*placed) {
	var ok []*placed
	for _, p := range todo {
		if p.vet {
			ok = append(ok, p)
		}
	}
	if len(ok) == 0 {
		return
	}
	args := []string{"vet", "-json"}
	for _, p := range ok {
		args = append(args, p.pattern)
	}
	cmd := exec.CommandContext(ctx, tc.bin, args...)
	cmd.Dir, cmd.Env = root, tc.env()
	var output bytes.Buffer // the JSON goes to stdout or stderr depending on the Go version
	cmd.Stdout, cmd.Stderr = &output, &output
	_ = cmd.Run() // with -json, findings do not change the exit status
	byImportPath := map[string]*placed{}
	for _, p := range ok {
		byImportPath[importPathSuffix(p)] = p
	}
	for path, analyzers := range parseVetJSON(output.Bytes()) {
		p := findByImportPath(byImportPath, path)
		if p == nil {
			continue
		}
		for analyzer, diags := range analyzers {
			for _, d := range diags {
				file, line, col := p.position(d.Posn)
				p.result.Findings = append(p.result.Findings, blockFinding{Kind: Vet, File: file, Line: line, Col: col,
					Message: fmt.Sprintf("go vet (%s): %s", analyzer, d.Message)})
			}
		}
	}
}

// importPathSuffix is the end of a unit's import path, which go vet reports.
func importPathSuffix(p *placed) string { return filepath.Base(p.dir) }

func findByImportPath(m map[string]*placed, path string) *placed {
	path, _, _ = strings.Cut(path, " ") // "p [p.test]"
	for suffix, p := range m {
		if strings.HasSuffix(path, "/"+suffix) {
			return p
		}
	}
	return nil
}

type vetDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// parseVetJSON reads go vet -json output: "# pkg" lines and JSON objects
// mapping package → analyzer → diagnostics.
func parseVetJSON(out []byte) map[string]map[string][]vetDiag {
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	dec := json.NewDecoder(strings.NewReader(strings.Join(lines, "\n")))
	res := map[string]map[string][]vetDiag{}
	for {
		var obj map[string]map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			break
		}
		for pkg, analyzers := range obj {
			for name, raw := range analyzers {
				var diags []vetDiag
				if json.Unmarshal(raw, &diags) != nil {
					continue // an analyzer error object, not diagnostics
				}
				if res[pkg] == nil {
					res[pkg] = map[string][]vetDiag{}
				}
				res[pkg][name] = append(res[pkg][name], diags...)
			}
		}
	}
	return res
}
