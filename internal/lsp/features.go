package lsp

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/skillcheck-dev/skillcheck/internal/ruledoc"
	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// codeActions offers the safe fixes of the findings in the requested
// range, as quick fixes; none while the document differs from the content
// the findings were computed on (a lint is on its way).
func (s *server) codeActions(p protocol.CodeActionParams) []protocol.CodeAction {
	file := path(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.findings[file]
	if !ok {
		return nil
	}
	if d := s.docs[file]; d != nil && !bytes.Equal(d.text, f.src) {
		return nil
	}
	lo, hi := offset(f.src, p.Range.Start), offset(f.src, p.Range.End)
	actions := []protocol.CodeAction{}
	for _, d := range f.diags {
		if d.Fix == nil || len(d.Fix.Edits) == 0 {
			continue
		}
		pd := protocolDiagnostic(f.src, d)
		start, end := offset(f.src, pd.Range.Start), offset(f.src, pd.Range.End)
		if end < lo || start > hi {
			continue
		}
		edits := make([]protocol.TextEdit, 0, len(d.Fix.Edits))
		for _, e := range d.Fix.Edits {
			edits = append(edits, protocol.TextEdit{Range: span(f.src, e.Start, e.End), NewText: e.New})
		}
		actions = append(actions, protocol.CodeAction{
			Title:       capitalize(d.Fix.Message) + " (" + d.Rule.ID + ")",
			Kind:        protocol.QuickFix,
			Diagnostics: []protocol.Diagnostic{pd},
			IsPreferred: true,
			Edit:        &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{uri.File(file): edits}},
		})
	}
	return actions
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ruleID matches a rule ID as suppression comments and messages write it.
var ruleID = regexp.MustCompile(`^(?i:sk)\d{3}$`)

// hover shows the documentation of the frontmatter key or the rule (by ID,
// or by alias) under the cursor.
func (s *server) hover(p protocol.HoverParams) *protocol.Hover {
	file := path(p.TextDocument.URI)
	src := s.text(file)
	off := offset(src, p.Position)
	if k, start, end, ok := keyAt(src, off); ok && isSkillFile(file) {
		rng := span(src, start, end)
		return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: keyDoc(k)}, Range: &rng}
	}
	start, end := wordAt(src, off)
	word := string(src[start:end])
	if !ruleID.MatchString(word) && !strings.Contains(word, "-") {
		return nil
	}
	r := s.opts.Lint.Rules.Lookup(word)
	if r == nil {
		return nil
	}
	rng := span(src, start, end)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: ruledoc.Rule(r)}, Range: &rng}
}

// completion offers frontmatter keys and their known values in SKILL.md
// (commands and agents have keys of their own).
func (s *server) completion(p protocol.CompletionParams) *protocol.CompletionList {
	items := []protocol.CompletionItem{}
	if file := path(p.TextDocument.URI); isSkillFile(file) {
		src := s.text(file)
		items = append(items, completions(src, offset(src, p.Position))...)
	}
	return &protocol.CompletionList{Items: items}
}

// isSkillFile reports whether file is a skill's SKILL.md.
func isSkillFile(file string) bool {
	return filepath.Base(file) == layout.SkillFileName
}

// text returns a file's content: the editor's buffer when open, else the
// file on disk (nil when it cannot be read).
func (s *server) text(file string) []byte {
	s.mu.Lock()
	d := s.docs[file]
	s.mu.Unlock()
	if d != nil {
		return d.text
	}
	if file == "" {
		return nil
	}
	src, _ := safefs.ReadFile(file, s.maxFileSize())
	return src
}

// maxFileSize bounds the files the server reads for positions.
func (s *server) maxFileSize() int64 {
	if s.opts.Lint.MaxFileSize > 0 {
		return s.opts.Lint.MaxFileSize
	}
	return skill.DefaultMaxFileSize
}
