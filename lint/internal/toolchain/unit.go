package toolchain

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Unit is one snippet package: the Go file blocks of one skill that share a
// package clause, or a single compile_fail block.
type Unit struct {
	// Module is the module the skill lives in; nil outside a module.
	Module *gocode.Module
	// Skill is the skill folder; Name the package name.
	Skill, Name string
	Files       []*File
	// CompileFail is set for a unit made of one compile_fail block.
	CompileFail bool
}

// File is one block of a unit.
type File struct {
	// Name is the file's name in the package (file= or block_<line>.go).
	Name  string
	Src   string
	Doc   *markdown.Document
	Block *markdown.CodeBlock
}

// Kind says what a finding is; each kind is reported by one rule.
type Kind int

// Kinds of findings.
const (
	// TypeError: a Go file block does not type-check (or does not parse).
	TypeError Kind = iota + 1
	// Vet: go vet reports a problem in a block that type-checks.
	Vet
	// CompileFailCompiles: a block marked compile_fail type-checks.
	CompileFailCompiles
	// ImportUnavailable: a block imports a package the module does not provide.
	ImportUnavailable
	// ToolchainMissing: the go command is not installed.
	ToolchainMissing
	// ReferenceTestsFail: a reference package a skill names does not build or
	// its tests fail.
	ReferenceTestsFail
)

// Finding is a result at a position of a Markdown file.
type Finding struct {
	Kind    Kind
	File    *source.File
	Offset  int
	Message string
}

// Collector gathers the units and reference packages of a run; it is safe
// for concurrent use by the lint workers.
type Collector struct {
	mu    sync.Mutex
	units []*Unit
	refs  []*refUse
}

// refUse is one skill naming reference packages in metadata.reference.
type refUse struct {
	module *gocode.Module
	file   *source.File
	offset int
	paths  []string
}

// AddSkill collects the skill's Go file blocks (those with a package clause
// that are not ignored; syntax errors are left to the per-skill check), and,
// when tests is set, the reference
// packages it names. It reports whether the skill has anything to check.
func (c *Collector) AddSkill(s *skill.Skill, opts Options) bool {
	mod, foreign := gocode.ForSkill(s.Dir, s.OriginModule())
	if foreign {
		// Copied out of the module it was written and checked in (an
		// installed copy): its code is not type-checked against this one.
		return false
	}
	// Outside a module a Go file is an example, type-checked only when it
	// or the configuration says it is complete.
	typeChecked := func(info markdown.Info) bool {
		return mod != nil || opts.StrictCode || info.Strict || info.File != ""
	}
	groups := map[string]*Unit{}
	var units []*Unit
	docs := []*markdown.Document{s.Body}
	for _, rel := range sortedKeys(s.Docs) {
		docs = append(docs, s.Docs[rel])
	}
	for _, d := range docs {
		for _, b := range d.CodeBlocks {
			info := b.ParseInfo()
			if info.Lang != "go" || info.Ignore || !b.Closed {
				continue
			}
			src := b.Content()
			name := gocode.PackageName(src)
			if name == "" || !typeChecked(info) {
				continue // a fragment or an example: parsed and formatted per skill, not type-checked
			}
			file := &File{Name: fileName(info, d, b), Src: src, Doc: d, Block: b}
			if info.CompileFail {
				units = append(units, &Unit{Module: mod, Skill: s.Dir, Name: name, Files: []*File{file}, CompileFail: true})
				continue
			}
			u := groups[name]
			if u == nil {
				u = &Unit{Module: mod, Skill: s.Dir, Name: name}
				groups[name] = u
				units = append(units, u)
			}
			u.Files = append(u.Files, file)
		}
	}
	var ref *refUse
	if opts.Tests && s.Readable() {
		if r := s.References(); r.Node != nil && r.Problem == "" && mod != nil && len(r.Paths) > 0 {
			ref = &refUse{module: mod, file: s.File, offset: s.Header.NodeOffset(r.Node), paths: r.Paths}
		}
	}
	if len(units) == 0 && ref == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.units = append(c.units, units...)
	if ref != nil {
		c.refs = append(c.refs, ref)
	}
	return true
}

// sort puts what the workers added, in the order they finished their
// skills, in the order of the skills' folders, so that a run's packages and
// its findings do not depend on that order.
func (c *Collector) sort() {
	c.mu.Lock()
	defer c.mu.Unlock()
	slices.SortStableFunc(c.units, func(a, b *Unit) int { return strings.Compare(a.Skill, b.Skill) })
	slices.SortStableFunc(c.refs, func(a, b *refUse) int { return strings.Compare(a.file.Path, b.file.Path) })
}

// fileName returns the file= name, or one derived from the Markdown file and
// the block's line (skill_md_12.go);
// blocks of an external test package or named *_test.go are test files.
func fileName(info markdown.Info, d *markdown.Document, b *markdown.CodeBlock) string {
	if info.File != "" {
		return info.File
	}
	base := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(filepath.Base(d.File.Path)))
	name := fmt.Sprintf("%s_%d.go", base, d.File.Position(b.Offset).Line)
	if strings.HasSuffix(gocode.PackageName(b.Content()), "_test") {
		name = strings.TrimSuffix(name, ".go") + "_test.go"
	}
	return name
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
