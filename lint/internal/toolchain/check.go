package toolchain

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
)

// maxModFile bounds the go.mod and go.sum files read.
const maxModFile = 64 << 20

// DefaultTimeout bounds the toolchain work of a run.
const DefaultTimeout = 5 * time.Minute

// DefaultTestTimeout bounds the reference tests of a run: test suites that
// drive real brokers and databases take minutes, and go test itself gives
// each test binary ten.
const DefaultTestTimeout = 20 * time.Minute

// Options tune a check.
type Options struct {
	// Timeout bounds the type checks and vet (DefaultTimeout when 0).
	Timeout time.Duration
	// TestTimeout bounds the reference tests (DefaultTestTimeout when 0).
	TestTimeout time.Duration
	// CacheDir holds cached results; "" uses the user cache directory, "-"
	// turns caching off.
	CacheDir string
	// GoCommand is the go command ("" looks up "go" on the PATH).
	GoCommand string
	// Tests runs the tests of the reference packages skills name.
	Tests bool
	// StrictCode type-checks Go files outside a module too (code: strict).
	StrictCode bool
	// Offline keeps the go command from downloading modules (GOPROXY=off);
	// otherwise it downloads what the user's environment allows.
	Offline bool
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
	tc := &toolchain{bin: goBin, offline: opts.Offline}
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

// toolchain runs the go command in the user's environment (GOPROXY,
// GOFLAGS, GOMODCACHE), read-only and without cgo.
type toolchain struct {
	bin     string
	version string
	offline bool
}

// buildFlags are given to every go command that loads packages. On the
// command line they win over the user's GOFLAGS: the module files are never
// changed, and a missing dependency is reported, not added.
var buildFlags = []string{"-mod=readonly", "-buildvcs=false"}

// env is the environment for the go command: the user's, so that downloads
// go through their proxy and tests run in the module's workspace, with cgo
// off (no C compiler runs) and the local toolchain only.
func (tc *toolchain) env() []string {
	env := append(os.Environ(), "CGO_ENABLED=0", "GOTOOLCHAIN=local")
	if tc.offline {
		env = append(env, "GOPROXY=off")
	}
	return env
}

// snippetEnv is env for the temporary snippet module, which names every
// module it builds with itself: no go.work around the temporary folder
// takes part.
func (tc *toolchain) snippetEnv() []string {
	return append(tc.env(), "GOWORK=off")
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
	// Environmental is set when a finding depends on the environment (a
	// module that could not be downloaded): such a result is never cached.
	Environmental bool `json:"-"`
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
			if ctx.Err() == nil && !p.result.Environmental {
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

// snippetModule returns the go.mod and go.sum of the temporary module: it
// requires the skill's module and the other modules of its Go workspace,
// each replaced by its folder, and everything they require (the highest
// version where they differ, as the go command would select).
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
	versions := map[string]string{} // module path → selected version
	replaced := map[string]bool{}   // the first module's replacement wins
	var gosum []byte
	for i, mod := range append([]*gocode.Module{m}, m.Workspace()...) {
		data, err := safefs.ReadFile(filepath.Join(mod.Root, "go.mod"), maxModFile)
		if err != nil {
			return nil, nil, err
		}
		user, err := modfile.Parse("go.mod", data, nil)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 && user.Go != nil {
			_ = out.AddGoStmt(user.Go.Version)
		}
		const local = "v0.0.0-00010101000000-000000000000"
		versions[mod.Path] = local
		_ = out.AddReplace(mod.Path, "", mod.Root, "")
		for _, r := range user.Require {
			if v, ok := versions[r.Mod.Path]; !ok || v != local && semver.Compare(r.Mod.Version, v) > 0 {
				versions[r.Mod.Path] = r.Mod.Version
			}
		}
		for _, r := range user.Replace {
			newPath := r.New.Path
			if r.New.Version == "" && !filepath.IsAbs(newPath) { // a local folder, relative to the module
				newPath = filepath.Join(mod.Root, newPath)
			}
			if replaced[r.Old.Path] || i > 0 && inWorkspace(m, r.Old.Path) {
				continue // the workspace's own folder wins
			}
			replaced[r.Old.Path] = true
			_ = out.AddReplace(r.Old.Path, r.Old.Version, newPath, r.New.Version)
		}
		sum, _ := safefs.ReadFile(filepath.Join(mod.Root, "go.sum"), maxModFile)
		gosum = append(gosum, sum...)
	}
	for _, path := range slices.Sorted(maps.Keys(versions)) {
		_ = out.AddRequire(path, versions[path])
	}
	gomod, err := out.Format()
	if err != nil {
		return nil, nil, err
	}
	return gomod, gosum, nil
}

// inWorkspace reports whether path is m or a module of its workspace.
func inWorkspace(m *gocode.Module, path string) bool {
	if m.Path == path {
		return true
	}
	return slices.ContainsFunc(m.Workspace(), func(w *gocode.Module) bool { return w.Path == path })
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
	args := append([]string{"vet", "-json"}, buildFlags...)
	for _, p := range ok {
		args = append(args, p.pattern)
	}
	cmd := exec.CommandContext(ctx, tc.bin, args...)
	cmd.Dir, cmd.Env = root, tc.snippetEnv()
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
