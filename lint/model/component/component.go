// Package component loads the Markdown components of a plugin or project
// that are not skills: subagents (agents/*.md) and slash commands
// (commands/*.md). Each is a Markdown file whose frontmatter Claude Code reads
// as it reads a skill's, so the header is parsed by package frontmatter, with
// the same two readings and the same repair.
package component

import (
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// File is one loaded agent or command.
type File struct {
	layout.Component
	// File is the Markdown file; nil with Problem set when it could not be
	// read.
	File    *source.File
	Problem *skill.Problem
	// Header is the file's frontmatter; nil when File is nil.
	Header *frontmatter.Header
}

// Load reads and parses the component c; files larger than maxSize bytes are
// not read (skill.DefaultMaxFileSize when 0).
func Load(c layout.Component, maxSize int64) *File {
	cf := &File{Component: c}
	cf.File, cf.Problem = skill.ReadFile(c.Path, maxSize)
	if cf.File != nil {
		cf.Header = frontmatter.Parse(cf.File)
	}
	return cf
}

// Fields returns the header when its keys can be checked: it was found and
// closed, and its YAML parsed as written or after Claude Code's repair; nil
// otherwise (the rules about the header itself report why).
func (cf *File) Fields() *frontmatter.Header {
	h := cf.Header
	if h == nil || !h.Found || !h.Closed || h.Err != nil && h.Repair == nil {
		return nil
	}
	return h
}
