// Package install writes skills from a pack into a skills folder
// (.claude/skills), and updates them later without overwriting what the user
// changed: each installed skill records the hashes of the files it was given
// in .skillcheck-install.json, and a file whose content no longer matches its
// record is the user's and is left alone unless forced.
package install

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
)

// ManifestName is the file recording what an installed skill was given.
const ManifestName = ".skillcheck-install.json"

// ErrConflict is returned when files the user changed would be overwritten.
var ErrConflict = errors.New("files changed since they were installed; --force overwrites them")

// Kind says what happens to a file.
type Kind string

// What installing does to each file.
const (
	Create    Kind = "create"
	Update    Kind = "update"
	Unchanged Kind = "unchanged"
	Remove    Kind = "remove"
	Conflict  Kind = "conflict"
	Keep      Kind = "keep" // a file the pack no longer has, changed by the user
)

// Change is one file's fate.
type Change struct {
	Kind Kind
	Path string
}

// Options tune an installation.
type Options struct {
	// Dest is the skills folder, e.g. .claude/skills.
	Dest string
	// Force overwrites files the user changed.
	Force bool
	// DryRun plans without writing.
	DryRun bool
}

type manifest struct {
	Skill string            `json:"skill"`
	Files map[string]string `json:"files"` // path in the skill → sha256 of what was installed
}

// plan is what installing one skill does.
type plan struct {
	name    string
	dir     string
	files   map[string][]byte
	changes []Change
}

// Install writes the named skills of pack into opts.Dest and returns what it
// did (or, with DryRun, would do). When a file the user changed would be
// overwritten and Force is off, it writes nothing and returns ErrConflict with
// the changes, conflicts included.
func Install(pack fs.FS, names []string, opts Options) ([]Change, error) {
	var plans []*plan
	var all []Change
	conflicts := false
	for _, name := range names {
		p, err := planSkill(pack, name, opts)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
		for _, c := range p.changes {
			conflicts = conflicts || c.Kind == Conflict
		}
		all = append(all, p.changes...)
	}
	if conflicts && !opts.Force {
		return all, ErrConflict
	}
	if opts.DryRun {
		return all, nil
	}
	for _, p := range plans {
		if err := p.apply(); err != nil {
			return all, err
		}
	}
	return all, nil
}

func planSkill(pack fs.FS, name string, opts Options) (*plan, error) {
	p := &plan{name: name, dir: filepath.Join(opts.Dest, name), files: map[string][]byte{}}
	err := fs.WalkDir(pack, name, func(fpath string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(pack, fpath)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(name, filepath.FromSlash(fpath))
		p.files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("skill %s: %w", name, err)
	}
	old := readManifest(p.dir)
	for _, rel := range sortedKeys(p.files) {
		target := filepath.Join(p.dir, filepath.FromSlash(rel))
		current, err := os.ReadFile(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.add(Create, target)
		case err != nil:
			return nil, err
		case string(current) == string(p.files[rel]):
			p.add(Unchanged, target)
		case old.Files[rel] == hash(current):
			p.add(Update, target)
		default: // the user's: written only with Force
			p.add(Conflict, target)
		}
	}
	for _, rel := range sortedKeys(old.Files) {
		if _, still := p.files[rel]; still {
			continue
		}
		target := filepath.Join(p.dir, filepath.FromSlash(rel))
		current, err := os.ReadFile(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err == nil && hash(current) == old.Files[rel]:
			p.add(Remove, target)
		default:
			p.add(Keep, target)
		}
	}
	return p, nil
}

func (p *plan) add(k Kind, path string) { p.changes = append(p.changes, Change{Kind: k, Path: path}) }

// apply writes the plan's files and the skill's manifest.
func (p *plan) apply() error {
	m := manifest{Skill: p.name, Files: map[string]string{}}
	for rel, data := range p.files {
		m.Files[rel] = hash(data)
	}
	for _, c := range p.changes {
		switch c.Kind {
		case Create, Update, Conflict:
			rel, _ := filepath.Rel(p.dir, c.Path)
			if err := os.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(c.Path, p.files[filepath.ToSlash(rel)], 0o644); err != nil {
				return err
			}
		case Remove:
			if err := os.Remove(c.Path); err != nil {
				return err
			}
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(p.dir, ManifestName), append(data, '\n'), 0o644)
}

func readManifest(dir string) manifest {
	var m manifest
	if data, err := os.ReadFile(filepath.Join(dir, ManifestName)); err == nil {
		_ = json.Unmarshal(data, &m)
	}
	return m
}

func hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return path.Clean(keys[i]) < path.Clean(keys[j]) })
	return keys
}
