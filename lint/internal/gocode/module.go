package gocode

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
)

// Module is the Go module a skill lives in.
type Module struct {
	// Root is the folder holding go.mod, absolute; Path the module path.
	Root, Path string
	realRoot   string // Root with symbolic links resolved

	workspaceOnce sync.Once
	workspace     []*Module
}

// Workspace returns the other modules of the Go workspace (the go.work
// found upward from the module's folder, when it uses this module), sorted
// by folder: the modules the go command builds this one with.
func (m *Module) Workspace() []*Module {
	m.workspaceOnce.Do(func() {
		w := findWorkspace(m.Root)
		if w == nil || w.modules[m.Path] == nil || w.modules[m.Path].Root != m.Root {
			return
		}
		for _, other := range w.modules {
			if other.Root != m.Root {
				m.workspace = append(m.workspace, other)
			}
		}
		slices.SortFunc(m.workspace, func(a, b *Module) int { return strings.Compare(a.Root, b.Root) })
	})
	return m.workspace
}

var modules sync.Map // absolute folder → *Module (nil when none)

// FindModule returns the module containing dir (the nearest go.mod upward),
// or nil when dir is not inside a module.
func FindModule(dir string) *Module {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	if m, ok := modules.Load(abs); ok {
		return m.(*Module)
	}
	var found *Module
	if data, err := safefs.ReadFile(filepath.Join(abs, "go.mod"), maxModFile); err == nil {
		if path := modfile.ModulePath(data); path != "" {
			found = &Module{Root: abs, Path: path, realRoot: abs}
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				found.realRoot = real
			}
		}
	} else if parent := filepath.Dir(abs); parent != abs {
		found = FindModule(parent)
	}
	modules.Store(abs, found)
	return found
}

// Resolve turns a path relative to the module root (forward slashes) into a
// file path, refusing paths that leave the module, by name or through a
// symbolic link.
func (m *Module) Resolve(rel string) (string, bool) {
	clean := filepath.Clean(filepath.FromSlash(rel))
	if !filepath.IsLocal(clean) {
		return "", false
	}
	path := filepath.Join(m.Root, clean)
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if in, err := filepath.Rel(m.realRoot, real); err != nil || !filepath.IsLocal(in) && in != "." {
			return "", false
		}
	}
	return path, true
}

// maxModFile bounds the go.mod files read.
const maxModFile = 64 << 20

// ForSkill returns the module a skill's listings and reference packages are
// resolved in. Without an origin it is the module that contains dir. A skill
// that names its origin module (metadata.module) is resolved in that module:
// the one containing dir, or a module of the Go workspace (go.work) found
// upward from dir, as the go command would see it. Elsewhere — a copy
// installed into another project — there is none here (nil, foreign = true).
func ForSkill(dir, origin string) (m *Module, foreign bool) {
	m = FindModule(dir)
	if origin == "" || m != nil && m.Path == origin {
		return m, false
	}
	if w := findWorkspace(dir); w != nil {
		if wm := w.modules[origin]; wm != nil {
			return wm, false
		}
	}
	return nil, true
}

// workspace is a go.work file and the modules it uses, by module path.
type workspace struct {
	modules map[string]*Module
}

var workspaces sync.Map // absolute folder → *workspace (nil when none)

// findWorkspace returns the go.work nearest upward from dir, or nil.
func findWorkspace(dir string) *workspace {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	if w, ok := workspaces.Load(abs); ok {
		return w.(*workspace)
	}
	var found *workspace
	if data, err := safefs.ReadFile(filepath.Join(abs, "go.work"), maxModFile); err == nil {
		found = readWorkspace(abs, data)
	} else if parent := filepath.Dir(abs); parent != abs {
		found = findWorkspace(parent)
	}
	workspaces.Store(abs, found)
	return found
}

// readWorkspace parses a go.work in folder dir; the modules its use
// directives name must lie in dir's tree.
func readWorkspace(dir string, data []byte) *workspace {
	w := &workspace{modules: map[string]*Module{}}
	wf, err := modfile.ParseWork(filepath.Join(dir, "go.work"), data, nil)
	if err != nil {
		return w
	}
	for _, use := range wf.Use {
		rel := filepath.Clean(filepath.FromSlash(use.Path))
		if !filepath.IsLocal(rel) {
			continue
		}
		if m := FindModule(filepath.Join(dir, rel)); m != nil && m.Root == filepath.Join(dir, rel) {
			w.modules[m.Path] = m
		}
	}
	return w
}
