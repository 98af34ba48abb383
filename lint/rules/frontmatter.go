package rules

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// The frontmatter keys Claude Code documents (20 as of 2026-08-22) plus the
// ones its loader accepts without documenting them (read from Claude Code
// 2.1.332, 2026-11: version, the when-to-use and disallowedTools spellings,
// created_by, improved_by, fallback), and the six the Agent Skills
// specification and uploads accept.
var (
	portableKeys   = []string{"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
	documentedKeys = []string{
		"name", "description", "when_to_use", "argument-hint", "arguments",
		"disable-model-invocation", "user-invocable", "allowed-tools", "disallowed-tools",
		"model", "effort", "context", "agent", "background", "hooks", "paths", "shell",
		"metadata", "license", "compatibility",
	}
	claudeKeys = append(slices.Clip(documentedKeys),
		"version", "when-to-use", "disallowedTools", "created_by", "improved_by", "fallback")
)

func isPortableKey(k string) bool { return contains(portableKeys, k) }
func isClaudeKey(k string) bool   { return contains(claudeKeys, k) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK101", Alias: "frontmatter-missing", Severity: analysis.Error,
			Summary: "SKILL.md must start with YAML frontmatter",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if !s.Header.Found {
					p.Reportf(s.File, 0, "SKILL.md has no frontmatter: start the file with a line \"---\", the name and description, and another \"---\"")
				}
			},
		},
		&analysis.Rule{
			ID: "SK102", Alias: "frontmatter-unclosed", Severity: analysis.Error,
			Summary: "frontmatter must end with a closing --- line",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if h := s.Header; h.Found && !h.Closed {
					p.Reportf(s.File, h.Open, "frontmatter is not closed: no \"---\" line ends it, so Claude Code reads no metadata")
				}
			},
		},
		&analysis.Rule{
			ID: "SK103", Alias: "frontmatter-after-bom", Severity: analysis.Error, Fixable: true,
			Summary: "a byte order mark before the frontmatter hides it from Claude Code",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if s.Header.Found && s.File.HasBOM() {
					p.ReportFix(s.File, 0, &analysis.Fix{Message: "remove the byte order mark",
						Edits: []analysis.Edit{{Start: 0, End: len(source.BOM)}}},
						"file starts with a byte order mark (U+FEFF): Claude Code then finds no frontmatter and loads the skill without name or description")
				}
			},
		},
		&analysis.Rule{
			ID: "SK104", Alias: "frontmatter-not-first", Severity: analysis.Error, Fixable: true,
			Summary: "the opening --- must be the first line, with nothing before it",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := s.Header
				if !h.Found || !h.LeadingBlank && h.Open == leadOffset(s.File) {
					return
				}
				start := leadOffset(s.File)
				p.ReportFix(s.File, h.Open, &analysis.Fix{Message: "remove what precedes the opening ---",
					Edits: []analysis.Edit{{Start: start, End: h.Open}}},
					"blank lines or spaces before the opening \"---\": Claude Code reads frontmatter only when \"---\" starts the file")
			},
		},
		&analysis.Rule{
			ID: "SK105", Alias: "frontmatter-cut-short", Severity: analysis.Error,
			Summary: "a --- inside the frontmatter ends it early for Claude Code",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := s.Header
				if !h.Closed || !h.Claude.Found || h.Claude.End >= h.End {
					return
				}
				key := fieldAt(h, h.Claude.End)
				p.Reportf(s.File, h.Claude.End,
					"Claude Code ends the frontmatter at this \"---\"%s: everything after it is lost from the metadata and shown as body text; reword without three dashes",
					key)
			},
		},
		&analysis.Rule{
			ID: "SK106", Alias: "yaml-invalid", Severity: analysis.Error,
			Summary: "frontmatter must be valid YAML",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := s.Header
				if h.Closed && h.Err != nil && h.Err.Kind == frontmatter.Syntax && h.Repair == nil {
					p.Reportf(s.File, h.Err.Offset,
						"frontmatter is not valid YAML (%s): Claude Code loads the skill with empty metadata, so it is never chosen automatically", h.Err.Message)
				}
			},
		},
		&analysis.Rule{
			ID: "SK107", Alias: "yaml-needs-repair", Severity: analysis.Warning, Portable: analysis.Error, Fixable: true,
			Summary: "frontmatter that only loads thanks to Claude Code's repair step",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := s.Header
				for _, r := range h.Repair {
					switch r.Kind {
					case frontmatter.Quoted:
						p.ReportFix(s.File, r.ValueStart, &analysis.Fix{Message: "quote the value",
							Edits: []analysis.Edit{{Start: r.ValueStart, End: r.ValueEnd, New: r.Replacement}}},
							"value is not valid YAML as written (%s); Claude Code quotes it before loading, but the specification's validator, `claude plugin validate`, uploads and other agents reject the file: quote it",
							h.Err.Message)
					case frontmatter.Untabbed:
						start := s.File.LineStart(r.Line)
						tabs := bytes.IndexFunc(s.File.Src[start:], func(c rune) bool { return c != '\t' })
						p.ReportFix(s.File, start, &analysis.Fix{Message: "indent with spaces",
							Edits: []analysis.Edit{{Start: start, End: start + tabs, New: r.Replacement}}},
							"YAML does not allow tabs for indentation; Claude Code turns them into spaces before loading, other tools reject the file")
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK108", Alias: "yaml-not-mapping", Severity: analysis.Error,
			Summary: "frontmatter must be a mapping of keys to values",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if h := s.Header; h.Err != nil && h.Err.Kind == frontmatter.NotMapping {
					p.Reportf(s.File, h.Err.Offset, "%s", h.Err.Message)
				}
			},
		},
		&analysis.Rule{
			ID: "SK109", Alias: "yaml-too-complex", Severity: analysis.Error,
			Summary: "frontmatter must not expand beyond the YAML size and depth limits",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if h := s.Header; h.Err != nil && h.Err.Kind == frontmatter.Limit {
					p.Reportf(s.File, h.Err.Offset, "%s; Claude Code refuses such YAML (\"Excessive aliasing\") and loads the skill with empty metadata", h.Err.Message)
				}
			},
		},
		&analysis.Rule{
			ID: "SK110", Alias: "yaml-duplicate-key", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "a frontmatter key must appear only once",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := fields(s)
				if h == nil {
					return
				}
				first := map[string]int{}
				for _, f := range h.Fields {
					if line, dup := first[f.Key]; dup {
						reportNode(p, s, f.KeyN, "key %q is repeated (first on line %d): Claude Code keeps the last value, strict YAML parsers reject the file", f.Key, line)
						continue
					}
					first[f.Key] = s.File.Position(h.NodeOffset(f.KeyN)).Line
				}
			},
		},
		&analysis.Rule{
			ID: "SK111", Alias: "key-unknown", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "frontmatter keys that neither Claude Code nor the specification define",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := fields(s)
				if h == nil {
					return
				}
				for _, f := range h.Fields {
					if isClaudeKey(f.Key) {
						continue
					}
					hint := "Claude Code ignores it"
					if near := closest(f.Key, claudeKeys); near != "" {
						hint = fmt.Sprintf("did you mean %q? Claude Code ignores unknown keys", near)
					} else if p.Profile == analysis.Portable {
						hint = "uploads and the specification's validator reject it; put custom data under metadata"
					}
					reportNode(p, s, f.KeyN, "unknown frontmatter key %q: %s", f.Key, hint)
				}
			},
		},
		&analysis.Rule{
			ID: "SK112", Alias: "key-claude-code-only", Severity: analysis.Off, Portable: analysis.Error,
			Summary: "keys that only Claude Code accepts break uploads and other agents",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := fields(s)
				if h == nil {
					return
				}
				for _, f := range h.Fields {
					if isClaudeKey(f.Key) && !isPortableKey(f.Key) {
						reportNode(p, s, f.KeyN, "key %q is Claude Code-only: uploads to Claude apps and the Skills API accept only %s",
							f.Key, strings.Join(portableKeys, ", "))
					}
				}
			},
		},
	)
}

// leadOffset is where the file's text starts, after any byte order mark.
func leadOffset(f *source.File) int {
	if f.HasBOM() {
		return len(source.BOM)
	}
	return 0
}

// fieldAt names the top-level key whose value holds offset off, for messages.
func fieldAt(h *frontmatter.Header, off int) string {
	name := ""
	for _, f := range h.Fields {
		if h.NodeOffset(f.KeyN) <= off {
			name = f.Key
		}
	}
	if name == "" {
		return ""
	}
	return fmt.Sprintf(" in %q", name)
}
