package lsp

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/config"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// run is a lint of one target, scheduled or under way.
type run struct {
	timer *time.Timer
}

// findings are one file's published diagnostics and the content they were
// computed on.
type findings struct {
	src   []byte
	diags []analysis.Diagnostic
}

// touched schedules a lint of what file belongs to after delay, replacing
// a lint of it scheduled before; a changed configuration file is checked,
// and every open file under it linted again.
func (s *server) touched(file string, delay time.Duration) {
	if filepath.Base(file) == config.FileName {
		s.checkConfig(file)
		for _, t := range s.openTargets(filepath.Dir(file)) {
			s.schedule(t, delay)
		}
		return
	}
	if t := target(file); t != "" {
		s.schedule(t, delay)
	}
}

// target returns what is linted for a file: the innermost skill folder
// holding it, or else the plugin or marketplace root holding it; "" for a
// file of neither.
func target(file string) string {
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if isFile(filepath.Join(dir, layout.SkillFileName)) {
			return dir
		}
		if isFile(filepath.Join(dir, ".claude-plugin", "plugin.json")) || isFile(filepath.Join(dir, ".claude-plugin", "marketplace.json")) {
			return dir
		}
		if isDir(filepath.Join(dir, ".git")) || filepath.Dir(dir) == dir {
			return ""
		}
	}
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// openTargets returns the targets of the open files under dir.
func (s *server) openTargets(dir string) []string {
	s.mu.Lock()
	files := make([]string, 0, len(s.docs))
	for f := range s.docs {
		if within(f, dir) {
			files = append(files, f)
		}
	}
	s.mu.Unlock()
	var out []string
	for _, f := range files {
		if t := target(f); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// within reports whether file is dir or lies below it.
func within(file, dir string) bool {
	return file == dir || strings.HasPrefix(file, dir+string(filepath.Separator))
}

// schedule lints target after delay, unless it is scheduled again first.
func (s *server) schedule(target string, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	if old := s.runs[target]; old != nil && old.timer.Stop() {
		s.wg.Done()
	}
	r := &run{}
	s.wg.Add(1)
	r.timer = time.AfterFunc(delay, func() {
		defer s.wg.Done()
		s.lint(target, r)
	})
	s.runs[target] = r
}

// current reports whether r is still the latest run of target.
func (s *server) current(target string, r *run) bool {
	return s.runs[target] == r && !s.done
}

// lint lints target with the open documents standing in for their files
// and publishes the findings, unless a newer run of target was scheduled
// meanwhile.
func (s *server) lint(target string, r *run) {
	s.mu.Lock()
	if !s.current(target, r) {
		s.mu.Unlock()
		return
	}
	overlay := skill.Overlay{}
	versions := map[string]int32{}
	for f, d := range s.docs {
		overlay[f] = d.text
		versions[f] = d.version
	}
	s.mu.Unlock()

	opts := s.opts.Lint
	opts.Paths, opts.Overlay, opts.OnSkill = []string{target}, overlay, nil
	if opts.Config == nil {
		opts.Config = openConfig(target, overlay, opts.Rules)
	}
	res, err := lint.Run(s.ctx, opts)
	if err != nil {
		var cfgErr *config.Error
		if errors.As(err, &cfgErr) {
			s.checkConfig(filepath.Clean(cfgErr.Path)) // shown on the file
		} else {
			s.logf(protocol.MessageTypeError, "skillcheck: linting %s: %v", target, err)
		}
		return
	}
	for _, e := range res.Internal {
		s.logf(protocol.MessageTypeError, "skillcheck: internal error: %v", e)
	}

	byFile := map[string][]analysis.Diagnostic{}
	diags := res.Diagnostics
	if slices.ContainsFunc(res.Configs, func(c *config.Config) bool { return c.Excluded(target) }) {
		diags = nil // the configuration excludes the skill, as lint skips it
	}
	for _, d := range diags {
		file := filepath.Clean(d.Path)
		if isDir(file) { // a finding about a skill folder shows on its SKILL.md
			file = filepath.Join(file, layout.SkillFileName)
		}
		byFile[file] = append(byFile[file], d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.current(target, r) {
		return
	}
	files := slices.Sorted(func(yield func(string) bool) {
		for f := range byFile {
			if !yield(f) {
				return
			}
		}
	})
	for _, f := range s.published[target] {
		if _, ok := byFile[f]; !ok {
			files = append(files, f) // its findings are gone
		}
	}
	for f := range s.docs {
		if within(f, target) && !slices.Contains(files, f) {
			files = append(files, f) // a first, empty, publication
		}
	}
	var kept []string
	for _, f := range files {
		src, ok := overlay[f]
		if !ok {
			src, _ = safefs.ReadFile(f, s.maxFileSize())
		}
		diags := byFile[f]
		if len(diags) > 0 {
			s.findings[f] = findings{src: src, diags: diags}
			kept = append(kept, f)
		} else {
			delete(s.findings, f)
		}
		params := &protocol.PublishDiagnosticsParams{URI: uri.File(f), Diagnostics: protocolDiagnostics(src, diags)}
		if v, ok := versions[f]; ok && v > 0 {
			params.Version = uint32(v)
		}
		s.notify(protocol.MethodTextDocumentPublishDiagnostics, params)
	}
	s.published[target] = kept
}

// openConfig returns the configuration that governs target when it is
// open in the editor and valid, read from its buffer; nil otherwise (the
// engine then reads it from disk).
func openConfig(target string, overlay skill.Overlay, rules analysis.Set) *config.Config {
	found, err := config.Find(target)
	if err != nil || found == "" {
		return nil
	}
	src, ok := overlay[filepath.Clean(found)]
	if !ok {
		return nil
	}
	cfg, err := config.Parse(found, src, rules)
	if err != nil {
		return nil
	}
	return cfg
}

// checkConfig publishes the problem of a configuration file, or an empty
// list when it is valid.
func (s *server) checkConfig(file string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var src []byte
	if d := s.docs[file]; d != nil {
		src = d.text
	} else {
		var err error
		if src, err = safefs.ReadFile(file, 1<<20); err != nil {
			return
		}
	}
	params := &protocol.PublishDiagnosticsParams{URI: uri.File(file), Diagnostics: []protocol.Diagnostic{}}
	if d := s.docs[file]; d != nil && d.version > 0 {
		params.Version = uint32(d.version)
	}
	_, err := config.Parse(file, src, s.opts.Lint.Rules)
	var cfgErr *config.Error
	if errors.As(err, &cfgErr) {
		start := 0
		if cfgErr.Line > 0 {
			start = offset(src, protocol.Position{Line: uint32(cfgErr.Line - 1)})
			start = min(start, len(src))
		}
		params.Diagnostics = append(params.Diagnostics, protocol.Diagnostic{
			Range:    span(src, start, lineEnd(src, start)),
			Severity: protocol.DiagnosticSeverityError,
			Source:   "skillcheck",
			Message:  cfgErr.Msg,
		})
	}
	s.notify(protocol.MethodTextDocumentPublishDiagnostics, params)
}

// protocolDiagnostics converts a file's findings, placing them on src.
func protocolDiagnostics(src []byte, diags []analysis.Diagnostic) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(diags))
	for _, d := range diags {
		out = append(out, protocolDiagnostic(src, d))
	}
	return out
}

func protocolDiagnostic(src []byte, d analysis.Diagnostic) protocol.Diagnostic {
	return protocol.Diagnostic{
		Range:    diagnosticRange(src, d),
		Severity: severity(d.Severity),
		Code:     d.Rule.ID,
		Source:   "skillcheck",
		Message:  d.Message + " (" + d.Rule.Alias + ")",
	}
}

// diagnosticRange is where a finding shows: the text its fix replaces when
// that starts at the finding and ends on its line, else the word at its
// offset (to the end of the line at most); the file's start for a finding
// about the whole file.
func diagnosticRange(src []byte, d analysis.Diagnostic) protocol.Range {
	if d.Line == 0 || d.Offset < 0 || d.Offset > len(src) {
		return protocol.Range{}
	}
	start := d.Offset
	end, stop := start, lineEnd(src, start)
	if d.Fix != nil {
		for _, e := range d.Fix.Edits {
			if e.Start == start && e.End > start && e.End <= stop {
				return span(src, start, e.End)
			}
		}
	}
	for end < stop && src[end] != ' ' && src[end] != '\t' {
		end++
	}
	if end == start && end < stop {
		_, size := utf8.DecodeRune(src[end:])
		end += size
	}
	return span(src, start, end)
}
