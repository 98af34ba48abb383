// Package skill loads one skill folder for linting: its SKILL.md read as
// Claude Code and its author read it (frontmatter and Markdown body), the
// Markdown files beside it, and the list of every other file in the folder.
package skill

import (
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Skill is one loaded skill folder.
type Skill struct {
	// Dir is the folder as shown to the user; Name its base name.
	Dir  string
	Name string
	// File is SKILL.md; nil when it could not be read (see Problems).
	File   *source.File
	Header *frontmatter.Header
	Body   *markdown.Document
	// Files are the folder's other files (paths relative to Dir with forward
	// slashes), as discovery listed them.
	Files []layout.File
	// Checked are the first files of Files, in path order, that fit in the
	// folder's budget (Options.Budget): only these are read and checked one
	// by one. All of Files unless the folder is over its budget.
	Checked []layout.File
	// Docs are the Markdown files of the folder other than SKILL.md, parsed,
	// by relative path.
	Docs map[string]*markdown.Document
	// Problems are files of the skill that could not be linted.
	Problems []Problem
	// PluginRoot is the plugin the skill belongs to ("" when none).
	PluginRoot string
	// OutsidePlugin is true when the skill is below PluginRoot but outside
	// the folders the plugin loads skills from: Claude Code never loads it
	// (see manifest.Plugin.LoadsSkill).
	OutsidePlugin bool
	// Root is the folder the lint run walked to find the skill ("" when
	// the skill was loaded on its own).
	Root string
	// Misnamed is true when the skill file is not spelled exactly SKILL.md.
	Misnamed bool
	// Links are the symbolic links inside the folder, as discovery found them.
	Links []layout.Link
	// Unread is true when SKILL.md is a symbolic link that leaves the
	// folder: it is not read (SK743 reports the link).
	Unread bool

	paths       map[string]bool // files and folders of the skill, relative
	docPaths    []string        // the keys of Docs, sorted
	maxFileSize int64
	overlay     Overlay
	texts       func() []TextFile
}

// Options tune loading.
type Options struct {
	// MaxFileSize is the largest file read, in bytes (DefaultMaxFileSize when 0).
	MaxFileSize int64
	// Budget bounds the files of the folder that are read and checked; the
	// zero Budget checks them all.
	Budget Budget
	// Overlay, when set, stands in for the content of the files it holds.
	Overlay Overlay
}

// Budget bounds the work spent on one skill folder: the files that fit in
// it, taken in path order, are checked; the rest are listed but not read.
// A zero field is no bound.
type Budget struct {
	// Files is how many files besides SKILL.md are checked at most.
	Files int
	// Bytes is how large those files may be together, SKILL.md included.
	Bytes int64
}

// DefaultBudget is the budget of a skill folder: far more than a skill
// needs, far less than a repository that holds a SKILL.md at its root.
var DefaultBudget = Budget{Files: 500, Bytes: 32 << 20}

// fit returns how many of files, taken in order, fit in the budget once
// used bytes are spent.
func (b Budget) fit(files []layout.File, used int64) int {
	n := len(files)
	if b.Files > 0 {
		n = min(n, b.Files)
	}
	if b.Bytes <= 0 {
		return n
	}
	for i, f := range files[:n] {
		if used += f.Size; used > b.Bytes {
			return i
		}
	}
	return n
}

// Load reads and parses the skill in sd.
func Load(sd *layout.SkillDir, opts Options) *Skill {
	s := &Skill{
		Dir: sd.Dir, Name: sd.Name, Files: sd.Files, Links: sd.Links, Root: sd.Root,
		Misnamed:    filepath.Base(sd.File) != layout.SkillFileName,
		maxFileSize: opts.MaxFileSize, overlay: opts.Overlay,
	}
	s.texts = sync.OnceValue(s.readTexts)
	var f *source.File
	var prob *Problem
	switch {
	case sd.Info.Outside:
		// Not read, and not a Problem either: SK743 reports the link.
		s.Unread = true
	case sd.Info.Mode == 0: // discovery could not stat it
		f, prob = opts.Overlay.ReadFile(sd.File, opts.MaxFileSize)
	default:
		f, prob = opts.Overlay.ReadKnownFile(sd.File, sd.Info.Mode, sd.Info.Size, opts.MaxFileSize)
	}
	switch {
	case s.Unread:
	case prob != nil:
		s.Problems = append(s.Problems, *prob)
	default:
		s.File = f
		s.Header = frontmatter.Parse(f)
		s.Body = markdown.Parse(f, s.Header.BodyStart)
	}
	s.paths = map[string]bool{filepath.Base(sd.File): true}
	for _, fi := range sd.Files {
		for p := fi.Rel; p != "."; p = path.Dir(p) {
			s.paths[p] = true
		}
	}
	s.Checked = sd.Files[:opts.Budget.fit(sd.Files, sd.Info.Size)]
	for _, fi := range s.Checked {
		if !isMarkdown(fi.Rel) || !fi.Mode.IsRegular() || fi.Outside {
			continue // a link out of the skill is reported (SK743), not read
		}
		df, prob := opts.Overlay.ReadKnownFile(filepath.Join(sd.Dir, filepath.FromSlash(fi.Rel)), fi.Mode, fi.Size, opts.MaxFileSize)
		if prob != nil {
			if prob.Message != emptyFile {
				s.Problems = append(s.Problems, *prob) // an empty reference file costs Claude nothing
			}
			continue
		}
		if s.Docs == nil {
			s.Docs = map[string]*markdown.Document{}
		}
		s.Docs[fi.Rel] = markdown.Parse(df, frontmatter.BodyStart(df))
		s.docPaths = append(s.docPaths, fi.Rel)
	}
	slices.Sort(s.docPaths)
	return s
}

// DocPaths returns the paths of Docs (the Markdown files other than
// SKILL.md), sorted.
func (s *Skill) DocPaths() []string { return s.docPaths }

// Readable reports whether SKILL.md was read and parsed.
func (s *Skill) Readable() bool { return s.File != nil }

// Has reports whether rel (relative to the skill folder, forward slashes,
// cleaned) is a file or folder of the skill. "." is the skill folder itself.
func (s *Skill) Has(rel string) bool { return rel == "." || s.paths[rel] }

// Doc returns the parsed Markdown file at rel, SKILL.md included ("").
func (s *Skill) Doc(rel string) *markdown.Document {
	if rel == "" || rel == layout.SkillFileName {
		return s.Body
	}
	return s.Docs[rel]
}

// Reference is the metadata.reference field: the Go packages (paths relative
// to the module root) a skill rests on.
type Reference struct {
	Paths []string
	// Node is the field's value; nil when the skill has no such field.
	Node *yaml.Node
	// Problem says why the field cannot be read, "" when it can.
	Problem string
}

// References reads metadata.reference from the frontmatter.
func (s *Skill) References() Reference {
	if s.Header == nil {
		return Reference{}
	}
	md := s.Header.Get("metadata")
	if md == nil {
		return Reference{}
	}
	for _, kv := range frontmatter.Pairs(md.Value) {
		if kv[0].Value != "reference" {
			continue
		}
		v, ok := frontmatter.String(kv[1])
		if !ok {
			return Reference{Node: kv[1], Problem: "metadata.reference must be a string of package paths separated by spaces"}
		}
		return Reference{Paths: strings.Fields(v), Node: kv[1]}
	}
	return Reference{}
}

// OriginModule returns metadata.module: the path of the Go module whose code
// the skill's listings and reference packages come from, or "". A skill
// copied out of that module (installed into another project) cannot have
// those checked, and is not faulted for it.
func (s *Skill) OriginModule() string {
	if s.Header == nil {
		return ""
	}
	md := s.Header.Get("metadata")
	if md == nil {
		return ""
	}
	for _, kv := range frontmatter.Pairs(md.Value) {
		if kv[0].Value == "module" {
			v, _ := frontmatter.String(kv[1])
			return strings.TrimSpace(v)
		}
	}
	return ""
}
