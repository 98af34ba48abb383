// Package install writes skills from a pack into a skills folder
// (.claude/skills), and updates them later without overwriting what the user
// changed: each installed skill records the hashes of the files it was given
// in .skillcheck-install.json, and a file whose content no longer matches its
// record is the user's and is left alone unless forced.
//
// Every file is written and removed through one confined root, the skills
// folder: nothing is written outside it or through a symbolic link, files are
// replaced atomically, and a file is removed only when the manifest records
// it and its content still has the recorded hash. A manifest that is not one
// install wrote (unknown fields, paths that leave the skill, hashes that are
// not SHA-256) stops the installation before anything is touched.
package install

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
)

// ManifestName is the file recording what an installed skill was given.
const ManifestName = ".skillcheck-install.json"

// maxManifest bounds the manifest read; install's own are a few KiB.
const maxManifest = 1 << 20

// ErrConflict is returned when files the user changed would be overwritten.
var ErrConflict = errors.New("files changed since they were installed; --force overwrites them")

// ErrBlocked is returned when a file the pack needs is in the way and cannot
// be replaced safely, even with Force: a symbolic link, a folder, a pipe.
var ErrBlocked = errors.New("files the pack needs are in the way (symbolic links or not regular files); move them away")

// Kind says what happens to a file.
type Kind string

// What installing does to each file.
const (
	Create    Kind = "create"
	Update    Kind = "update"
	Unchanged Kind = "unchanged"
	Remove    Kind = "remove"
	// Conflict: a file install wrote, changed by the user since.
	Conflict Kind = "conflict"
	// Foreign: a file install never wrote, in the way of one it would.
	Foreign Kind = "foreign"
	// Blocked: a symbolic link or not a regular file, never written through.
	Blocked Kind = "blocked"
	// Keep: a file the pack no longer has, changed by the user.
	Keep Kind = "keep"
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
	files   map[string][]byte // by path in the skill, forward slashes
	changes []Change
	rels    []string // the path in the skill of each change
}

// Install writes the named skills of pack into opts.Dest and returns what it
// did (or, with DryRun, would do). When a file the user changed would be
// overwritten and Force is off, it writes nothing and returns ErrConflict with
// the changes, conflicts included; when a file is in the way and cannot be
// replaced safely, it writes nothing and returns ErrBlocked.
func Install(pack fs.FS, names []string, opts Options) ([]Change, error) {
	if !opts.DryRun {
		if err := os.MkdirAll(opts.Dest, 0o755); err != nil {
			return nil, err
		}
	}
	root, err := openDest(opts.Dest)
	if err != nil {
		return nil, err
	}
	if root != nil {
		defer root.Close()
	}
	var plans []*plan
	var all []Change
	conflicts, blocked := false, false
	for _, name := range names {
		p, err := planSkill(pack, root, name, opts.Dest)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
		for _, c := range p.changes {
			conflicts = conflicts || c.Kind == Conflict || c.Kind == Foreign
			blocked = blocked || c.Kind == Blocked
		}
		all = append(all, p.changes...)
	}
	switch {
	case blocked:
		return all, ErrBlocked
	case conflicts && !opts.Force:
		return all, ErrConflict
	case opts.DryRun:
		return all, nil
	}
	for _, p := range plans {
		if err := p.apply(root); err != nil {
			return all, err
		}
	}
	return all, nil
}

// openDest opens the skills folder as the root every write goes through; nil
// when it does not exist yet (a dry run).
func openDest(dest string) (*safefs.Root, error) {
	root, err := safefs.OpenRoot(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return root, err
}

func planSkill(pack fs.FS, root *safefs.Root, name, dest string) (*plan, error) {
	if !fs.ValidPath(name) || strings.Contains(name, "/") || name == "." {
		return nil, fmt.Errorf("skill %q: not a skill folder name", name)
	}
	p := &plan{name: name, files: map[string][]byte{}}
	err := fs.WalkDir(pack, name, func(fpath string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(pack, fpath)
		if err != nil {
			return err
		}
		p.files[strings.TrimPrefix(fpath, name+"/")] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("skill %s: %w", name, err)
	}
	target := func(rel string) string { return filepath.Join(dest, name, filepath.FromSlash(rel)) }
	old, err := readManifest(root, name)
	switch {
	case refused(err): // the skill folder or the manifest is a link: nothing can be written there
		p.add(Blocked, ManifestName, target(ManifestName))
	case err != nil:
		return nil, err
	}
	for _, rel := range sortedKeys(p.files) {
		current, err := readInstalled(root, name, rel)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.add(Create, rel, target(rel))
		case refused(err):
			p.add(Blocked, rel, target(rel))
		case err != nil:
			return nil, err
		case bytes.Equal(current, p.files[rel]):
			p.add(Unchanged, rel, target(rel))
		case old.Files[rel] == "":
			p.add(Foreign, rel, target(rel)) // never installed: the user's, written only with Force
		case old.Files[rel] == hash(current):
			p.add(Update, rel, target(rel))
		default: // changed since installed: written only with Force
			p.add(Conflict, rel, target(rel))
		}
	}
	for _, rel := range sortedKeys(old.Files) {
		if _, still := p.files[rel]; still {
			continue
		}
		current, err := readInstalled(root, name, rel)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err == nil && hash(current) == old.Files[rel]:
			p.add(Remove, rel, target(rel))
		default:
			p.add(Keep, rel, target(rel))
		}
	}
	return p, nil
}

// readInstalled reads a file of an installed skill, refusing symbolic links
// and files that are not regular; fs.ErrNotExist when there is none.
func readInstalled(root *safefs.Root, skill, rel string) ([]byte, error) {
	if root == nil {
		return nil, fs.ErrNotExist
	}
	return root.ReadFile(filepath.Join(skill, filepath.FromSlash(rel)), 0)
}

// refused reports a file that install must not read or write through.
func refused(err error) bool {
	return errors.Is(err, safefs.ErrSymlink) || errors.Is(err, safefs.ErrNotRegular) || errors.Is(err, safefs.ErrNotLocal) ||
		errors.Is(err, fs.ErrInvalid)
}

func (p *plan) add(k Kind, rel, path string) {
	p.changes = append(p.changes, Change{Kind: k, Path: path})
	p.rels = append(p.rels, rel)
}

// apply writes the plan's files and the skill's manifest, each atomically.
func (p *plan) apply(root *safefs.Root) error {
	m := manifest{Skill: p.name, Files: map[string]string{}}
	for rel, data := range p.files {
		m.Files[rel] = hash(data)
	}
	for i, c := range p.changes {
		name := filepath.Join(p.name, filepath.FromSlash(p.rels[i]))
		switch c.Kind {
		case Create, Update, Conflict, Foreign:
			if err := root.WriteFile(name, p.files[p.rels[i]], 0o644); err != nil {
				return err
			}
		case Remove:
			if err := root.Remove(name); err != nil {
				return err
			}
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return root.WriteFile(filepath.Join(p.name, ManifestName), append(data, '\n'), 0o644)
}

// sha256Hex is a hash as install records it.
var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// readManifest reads and validates an installed skill's manifest; an empty
// manifest when there is none.
func readManifest(root *safefs.Root, skill string) (manifest, error) {
	var m manifest
	if root == nil {
		return m, nil
	}
	name := filepath.Join(skill, ManifestName)
	data, err := root.ReadFile(name, maxManifest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return m, nil
	case refused(err):
		return m, err
	}
	bad := func(why string) (manifest, error) {
		return manifest{}, fmt.Errorf("%s is not a manifest skillcheck install wrote (%s); remove it to install afresh",
			filepath.Join(root.Dir(), name), why)
	}
	if err != nil {
		return bad(err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return bad(err.Error())
	}
	if m.Skill != skill {
		return bad(fmt.Sprintf("it names skill %q", m.Skill))
	}
	for rel, sum := range m.Files {
		if !fs.ValidPath(rel) || rel == "." || strings.Contains(rel, `\`) || path.Base(rel) == ManifestName {
			return bad(fmt.Sprintf("path %q is not a file inside the skill", rel))
		}
		if !sha256Hex.MatchString(sum) {
			return bad(fmt.Sprintf("%q is not a SHA-256 hash", sum))
		}
	}
	return m, nil
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
	sort.Strings(keys)
	return keys
}
